package dev.canopy.server.admission;

public enum Operation { CREATE, UPDATE, DELETE }
