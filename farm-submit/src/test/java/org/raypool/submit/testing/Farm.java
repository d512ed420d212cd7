package org.raypool.submit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.raypool.asap.AddressScope;
import org.raypool.asap.AsapClientConfig;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.RegistrarConfig;
import org.raypool.wire.param.PoolHandle;

/** An in-process registrar on loopback (TCP, short timers) and scripted workers registered with it. */
public final class Farm implements AutoCloseable {
    public static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");

    public final Registrar registrar;
    private final List<ScriptedWorker> workers = new ArrayList<>();

    public Farm(int maxBadPeReports) throws IOException {
        registrar = Registrar.start(new RegistrarConfig(0x5eed0001, "tcp", List.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.empty(), Optional.empty(), 1, Duration.ofMillis(1000), AddressScope.LOOPBACK, 3, maxBadPeReports, 0,
                Duration.ofMillis(1000), Duration.ofMillis(1000)));
    }

    public String address() {
        return "127.0.0.1:" + registrar.asapEndpoint().port();
    }

    public AsapClientConfig asap() {
        return AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1",
                registrar.asapEndpoint().port())))).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public ScriptedWorker add(ScriptedWorker worker, int identifier) throws Exception {
        workers.add(worker);
        worker.register(asap(), POOL, identifier);
        return worker;
    }

    @Override
    public void close() {
        workers.forEach(ScriptedWorker::close);
        registrar.close();
    }

    /** farm-submit's result when run in this JVM. */
    public record Run(int exitCode, String stdout, String stderr) {}

    public static Run submit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = org.raypool.submit.SubmitMainAccess.execute(o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
