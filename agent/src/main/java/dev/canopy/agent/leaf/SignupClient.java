package dev.canopy.agent.leaf;

import dev.canopy.backbone.BootstrapCredential;
import dev.canopy.backbone.Subjects;
import dev.canopy.backbone.protocol.Codec;
import dev.canopy.backbone.protocol.Decoded;
import dev.canopy.backbone.protocol.Signup;
import dev.canopy.backbone.protocol.SignupAnswer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Signs a leaf agent up with the bootstrap user inside its token, then asks again every {@code retry} until
 * the seed answers APPROVED (returns the user JWT) or REFUSED ({@link Refused}); a PENDING answer or no
 * answer means waiting. Blocking; one call per agent start.
 */
public final class SignupClient {
    /** The seed refused the signup, with its reason. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) { super(reason); }
    }

    private SignupClient() {}

    public static String signUp(String url, Signup signup, Duration retry, Consumer<String> progress) throws InterruptedException {
        BootstrapCredential cred;
        try {
            cred = BootstrapCredential.parse(signup.token());
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        Codec codec = Codec.standard();
        Options o = Options.builder().server(url).authHandler(Nats.staticCredentials(cred.creds().bytes()))
                .inboxPrefix(Subjects.bootstrapInboxPrefix(cred.id())).connectionName("signup-" + signup.name())
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofSeconds(1)).build();
        Connection c = null;
        while (c == null) {
            try {
                c = Nats.connect(o);
            } catch (IOException e) {
                String why = String.valueOf(e.getMessage());
                // an expired or foreign bootstrap user is refused by the server itself
                if (why.contains("Authorization") || why.contains("expired")) {
                    throw new Refused("the seed's NATS at " + url + " refused the bootstrap token (expired, or from another seed): " + why);
                }
                progress.accept("cannot reach " + url + " (" + why + "); retrying");
                Thread.sleep(retry.toMillis());
            }
        }
        try {
            String last = null;
            while (true) {
                io.nats.client.Message m;
                try {
                    m = c.request(Subjects.SIGNUP, codec.encode(signup), Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    m = null;   // no responders (the seed is not listening yet): ask again
                }
                if (m != null && codec.decode(m.getData(), SignupAnswer.class) instanceof Decoded.Accepted<SignupAnswer> a) {
                    SignupAnswer ans = a.message();
                    switch (ans.status()) {
                        case APPROVED -> { return ans.userJwt(); }
                        case REFUSED -> throw new Refused(ans.reason());
                        case PENDING -> {
                            if (!java.util.Objects.equals(last, ans.reason())) progress.accept("pending: " + ans.reason());
                            last = ans.reason();
                        }
                    }
                } else if (m == null) {
                    progress.accept("no answer from the seed yet; asking again");
                }
                Thread.sleep(retry.toMillis());
            }
        } finally {
            c.close();
        }
    }
}
