package dev.canopy.agent.transport;

import dev.canopy.backbone.Rpc;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded;
import dev.canopy.backbone.protocol.DesiredState;
import dev.canopy.backbone.protocol.Message;
import dev.canopy.backbone.protocol.RpcRequest;
import dev.canopy.backbone.protocol.RpcResponse;
import dev.canopy.backbone.protocol.Snapshots;
import dev.canopy.backbone.protocol.StatusReport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backbone inside one JVM, for a single-process seed with simulated clusters: the seed side
 * ({@link SeedLink}) plus one {@link AgentLink} per cluster. Every message goes through the {@link Codec}
 * (encoded, then decoded, refusals logged and dropped) so both sides see exactly what NATS would carry and
 * never share mutable objects. Delivery is asynchronous: one virtual thread for status reports to the
 * seed, one per agent for desired state, so each direction keeps its order. Thread-safe.
 */
public final class InProcessBus implements SeedLink {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBus.class);
    private final Codec codec;
    private final ExecutorService toSeed = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-to-seed").factory());
    private final Map<String, Endpoint> agents = new ConcurrentHashMap<>();
    private volatile StatusSink sink;

    public InProcessBus(Codec codec) { this.codec = codec; }

    public InProcessBus() { this(Codec.standard()); }

    /** The link of {@code cluster}'s agent; a second link for the same cluster replaces the first. */
    public AgentLink agentLink(String cluster) {
        Subjects.cluster(cluster);
        return new Endpoint(cluster);
    }

    @Override
    public void start(StatusSink sink) { this.sink = sink; }

    /** True when an agent of {@code cluster} is attached to this bus now. */
    public boolean serves(String cluster) { return agents.containsKey(cluster); }

    @Override
    public void publish(String cluster, DesiredState message) {
        Endpoint e = agents.get(cluster);
        if (e == null) return;   // no agent listening: lost, as on NATS
        if (message instanceof DesiredState.Snapshot s && s.chunks() == 1) {
            for (DesiredState.Snapshot chunk : Snapshots.split(s.clusterRevision(), s.objects(), codec)) e.deliver(chunk);
        } else {
            e.deliver(message);
        }
    }

    @Override
    public Rpc.Outcome call(String cluster, RpcRequest request, Duration timeout) {
        Endpoint e = agents.get(cluster);
        if (e == null || e.rpc == null) return new Rpc.Outcome.Unavailable("no agent of " + cluster + " is listening");
        RpcRequest copy = roundTrip(request, RpcRequest.class);
        if (copy == null) return new Rpc.Outcome.Unavailable("request refused by the codec");
        Future<RpcResponse> f = e.rpcExec.submit(() -> e.rpc.apply(copy));
        try {
            RpcResponse r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            RpcResponse back = roundTrip(r, RpcResponse.class);
            return back == null ? new Rpc.Outcome.Unavailable("answer refused by the codec") : new Rpc.Outcome.Answered(back);
        } catch (TimeoutException ex) {
            f.cancel(true);
            return new Rpc.Outcome.Unavailable("no answer from " + cluster + " within " + timeout);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Rpc.Outcome.Unavailable("interrupted");
        } catch (Exception ex) {
            return new Rpc.Outcome.Answered(new RpcResponse.RpcError("Internal", String.valueOf(ex.getMessage())));
        }
    }

    @Override
    public void close() {
        agents.values().forEach(Endpoint::close);
        toSeed.shutdownNow();
    }

    private <T extends Message> T roundTrip(T message, Class<T> type) {
        try {
            return switch (codec.decode(codec.encode(message), type)) {
                case Decoded.Accepted<T> a -> a.message();
                case Decoded.Refusal<T> r -> {
                    LOG.warn("in-process bus refused {}: {} {}", message.getClass().getSimpleName(), r.reason(), r.detail());
                    yield null;
                }
            };
        } catch (RuntimeException e) {
            LOG.warn("in-process bus cannot encode {}: {}", message.getClass().getSimpleName(), e.toString());
            return null;
        }
    }

    private final class Endpoint implements AgentLink {
        private final String cluster;
        private final ExecutorService exec;
        private final ExecutorService rpcExec;
        private volatile Consumer<DesiredState> onDesired;
        private volatile Function<RpcRequest, RpcResponse> rpc;
        private volatile boolean closed;

        Endpoint(String cluster) {
            this.cluster = cluster;
            this.exec = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-" + cluster).factory());
            this.rpcExec = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-rpc-" + cluster).factory());
        }

        @Override
        public void start(Consumer<DesiredState> onDesired, Function<RpcRequest, RpcResponse> rpc) {
            this.onDesired = onDesired;
            this.rpc = rpc;
            Endpoint old = agents.put(cluster, this);
            if (old != null && old != this) old.close();
        }

        void deliver(DesiredState message) {
            if (closed) return;
            DesiredState copy = roundTrip(message, DesiredState.class);
            if (copy == null) return;
            try {
                exec.execute(() -> {
                    try {
                        onDesired.accept(copy);
                    } catch (RuntimeException e) {
                        LOG.error("agent {} failed on {}", cluster, copy.getClass().getSimpleName(), e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closing
            }
        }

        @Override
        public void send(StatusReport report) {
            if (closed) return;
            StatusReport copy = roundTrip(report, StatusReport.class);
            StatusSink s = sink;
            if (copy == null || s == null) return;
            try {
                toSeed.execute(() -> {
                    try {
                        s.accept(cluster, copy);
                    } catch (RuntimeException e) {
                        LOG.error("seed failed on a report of {}", cluster, e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closing
            }
        }

        @Override
        public void close() {
            closed = true;
            agents.remove(cluster, this);
            exec.shutdownNow();
            rpcExec.shutdownNow();
        }
    }
}
