# Sourced by bin/* scripts: finds a JDK 21+ and exports JAVA_HOME / PATH (and CANOPY_HOME, CANOPY_JAVA_VERSION).
# The machine's default `java` may be older (17); prefer $JAVA_HOME, then Temurin 25, then any JDK under /usr/lib/jvm.
canopy_java_version() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2,v,"."); print (v[1]=="1")?v[2]:v[1]; exit}'; }
canopy_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    if [ "$(canopy_java_version "$c")" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(canopy_find_jdk); then
  echo "canopy: no JDK 21+ found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
  # `return` when sourced from an interactive shell, so a missing JDK does not close the terminal
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
CANOPY_JAVA_VERSION=$(canopy_java_version "$JAVA_HOME")
export CANOPY_JAVA_VERSION
# JDK 24+ warns on every sun.misc.Unsafe use (Maven's guava, netty); the warning is noise for our users.
if [ "$CANOPY_JAVA_VERSION" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
CANOPY_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CANOPY_HOME
