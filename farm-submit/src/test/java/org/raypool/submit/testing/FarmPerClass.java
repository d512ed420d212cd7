package org.raypool.submit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link ProcessFarm} for all tests of a class ({@code @RegisterExtension static final FarmPerClass FARM = new
 * FarmPerClass(2);}): started before the first test, stopped after the last. Its logs are removed when every test
 * passed and kept, with their folder named on standard error, when one failed.
 */
public final class FarmPerClass implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final int workers;
    private volatile boolean failed;
    private Path logs;
    private ProcessFarm farm;

    public FarmPerClass(int workers) {
        this.workers = workers;
    }

    public ProcessFarm farm() {
        if (farm == null) throw new IllegalStateException("the farm starts before the class's first test");
        return farm;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        logs = Files.createTempDirectory("raypool-farm-");
        farm = ProcessFarm.start(logs, workers);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (farm != null) farm.close();
        if (failed || context.getExecutionException().isPresent()) {
            System.err.println(context.getDisplayName() + ": the farm's logs are in " + logs);
            return;
        }
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
