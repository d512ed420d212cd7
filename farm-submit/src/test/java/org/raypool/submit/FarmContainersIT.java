package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.GeneratedScenes;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The farm of docker/ in containers: two registrar containers, three worker containers and a farm-submit container
 * rendering a batch (the quick-start example and generated scenes) into a folder of the host. Mid-batch the first
 * registrar's container is stopped and a rendering worker's container killed; every image must still arrive,
 * pixel-identical to a local POV-Ray render.
 *
 * <p>As in docker/compose.yaml the farm is authenticated (docs/security.md): docker/make-credentials makes the farm
 * CA and one credentials folder per container, mounted read-only at /credentials, and every program runs with
 * {@code --credentials /credentials} on the TLS ports (ASAP 3864, ENRP 9902); the workers run as root with the
 * compose file's capabilities, read-only root and no new privileges, so that their jobs run as nobody.
 *
 * <p>Before the test, docker/build-images makes the images from this build's jars (the debootstrap base image is
 * reused when it exists; scripts/test makes it). Images are never pulled: no registry is reachable. Skipped, with
 * the reason, when no Docker engine answers or the images cannot be built. The registrars are ENRP peers: the second
 * is given the first's ENRP address, the first learns the second when it connects.
 */
class FarmContainersIT {
    private static final int SCENES = 10;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    private static String unusable;

    @TempDir
    Path tmp;

    /** What docker/compose.yaml leaves the worker's root: enough to run its jobs as nobody (docker/README.md). */
    private static final List<Capability> WORKER_CAPABILITIES = List.of(Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FOWNER, Capability.KILL, Capability.SETGID, Capability.SETUID);

    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private Network network;
    private Path credentials;

    @BeforeAll
    static void buildImages() throws Exception {
        if (!"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            unusable = "TESTCONTAINERS_RYUK_DISABLED is not true (Failsafe sets it, see farm-submit/pom.xml): Testcontainers "
                    + "would try to pull its Ryuk image, and no registry is reachable";
            return;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            unusable = "no Docker engine reachable (start dockerd; scripts/test does so when docker.io is installable)";
            return;
        }
        Path log = Files.createTempFile("raypool-build-images", ".log");
        try {
            Process build = new ProcessBuilder(Processes.repo().resolve("docker/build-images").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!build.waitFor(20, TimeUnit.MINUTES)) {
                build.descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly();
                unusable = "docker/build-images took more than 20 minutes";
            } else if (build.exitValue() != 0) {
                unusable = "docker/build-images failed: " + Files.readString(log).strip();
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @AfterEach
    void removeContainers() {
        for (GenericContainer<?> c : containers) c.stop();
        if (network != null) network.close();
    }

    /** A container of the farm, its credentials folder {@code holder} (docker/make-credentials) at /credentials. */
    private GenericContainer<?> container(String image, String holder) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image)).withNetwork(network)
                .withImagePullPolicy(name -> false).withStartupTimeout(Duration.ofMinutes(3))
                .withFileSystemBind(credentials.resolve(holder).toString(), "/credentials", BindMode.READ_ONLY);
        containers.add(c);
        return c;
    }

    private static String[] authenticated(String... arguments) {
        return Stream.concat(Stream.of("--credentials", "/credentials"), Stream.of(arguments)).toArray(String[]::new);
    }

    /** Runs docker/make-credentials into {@code dir}, submit's key owned by {@code owner} (uid:gid). */
    private static void makeCredentials(Path dir, String owner) throws IOException, InterruptedException {
        Path log = Files.createTempFile("raypool-make-credentials", ".log");
        try {
            ProcessBuilder make = new ProcessBuilder(Processes.repo().resolve("docker/make-credentials").toString(),
                    dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            make.environment().put("RAYPOOL_UID", owner.substring(0, owner.indexOf(':')));
            make.environment().put("RAYPOOL_GID", owner.substring(owner.indexOf(':') + 1));
            Process p = make.start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "docker/make-credentials took more than 2 minutes");
            assertEquals(0, p.exitValue(), "docker/make-credentials failed: " + Files.readString(log).strip());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String ip(GenericContainer<?> c) {
        return c.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    private GenericContainer<?> worker(String holder, String... registrars) {
        List<String> command = new ArrayList<>();
        for (String r : registrars) command.addAll(List.of("--registrar", r));
        command.addAll(List.of("--max-sessions", "1"));
        GenericContainer<?> w = container("raypool/worker:latest", holder)
                .withCommand(authenticated(command.toArray(String[]::new)))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true)
                        .withCapDrop(Capability.ALL).withCapAdd(WORKER_CAPABILITIES.toArray(Capability[]::new))
                        .withSecurityOpts(List.of("no-new-privileges:true")))
                .withTmpFs(Map.of("/tmp", "rw,exec,mode=1777")).waitingFor(Wait.forLogMessage(".*registered in pool.*", 1));
        w.start();
        return w;
    }

    private static boolean rendering(GenericContainer<?> worker) {
        try {
            return worker.isRunning() && worker.execInContainer("sh", "-c", "grep -qx povray /proc/[0-9]*/comm").getExitCode() == 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private static long images(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).count();
        }
    }

    @Test
    void containerisedFarmRendersEveryImageThroughARegistrarStopAndAWorkerKill() throws Exception {
        assumeTrue(unusable == null, unusable);
        Path scenes = tmp.resolve("scenes");
        GeneratedScenes.write(scenes, "farm", SCENES);
        Files.copy(Images.examples().resolve("quickstart.pov"), scenes.resolve("quickstart.pov"));
        Path output = Files.createDirectories(tmp.resolve("output"));
        String owner = Files.getAttribute(output, "unix:uid") + ":" + Files.getAttribute(output, "unix:gid");
        credentials = tmp.resolve("credentials");
        makeCredentials(credentials, owner);
        network = Network.newNetwork();

        GenericContainer<?> registrar1 = container("raypool/registrar:latest", "registrar-1")
                .withCommand(authenticated("--enrp", "0.0.0.0", "--enrp-announce", "off"))
                .waitingFor(Wait.forLogMessage(".*serving ASAP.*", 1));
        registrar1.start();
        GenericContainer<?> registrar2 = container("raypool/registrar:latest", "registrar-2")
                .withCommand(authenticated("--enrp", "0.0.0.0", "--enrp-announce", "off", "--peer", ip(registrar1)))
                .waitingFor(Wait.forLogMessage(".*serving ASAP.*", 1));
        registrar2.start();
        String r1 = ip(registrar1);
        String r2 = ip(registrar2);
        List<GenericContainer<?>> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) workers.add(worker("worker-" + i, r1, r2));

        GenericContainer<?> submit = container("raypool/submit:latest", "submit")
                .withCreateContainerCmdModifier(cmd -> cmd.withUser(owner))
                .withFileSystemBind(scenes.toString(), "/scenes", BindMode.READ_ONLY)
                .withFileSystemBind(output.toString(), "/output", BindMode.READ_WRITE)
                .withCommand(authenticated("--registrar", r1, "--registrar", r2, "--size", WIDTH + "x" + HEIGHT,
                        "--output", "/output", "--parallel", "3", "--retry-delay", "500", "--keep-alive-interval", "1000",
                        "--keep-alive-timeout", "1000", "--json", "--log-level", "info", "/scenes"))
                .waitingFor(Wait.forLogMessage(".*connected to registrar.*", 1));
        submit.start();

        long start = System.nanoTime();
        boolean registrarStopped = false;
        GenericContainer<?> killed = null;
        while (submit.isRunning() && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            if (!registrarStopped && images(output) >= 2) {
                registrar1.stop();
                registrarStopped = true;
                System.out.printf(Locale.ROOT, "FarmContainersIT: %.1f s stopped registrar-1%n", (System.nanoTime() - start) / 1e9);
            }
            if (registrarStopped && killed == null) {
                for (GenericContainer<?> w : workers) {
                    if (rendering(w)) {
                        DockerClientFactory.instance().client().killContainerCmd(w.getContainerId()).exec();
                        killed = w;
                        System.out.printf(Locale.ROOT, "FarmContainersIT: %.1f s killed a rendering worker%n",
                                (System.nanoTime() - start) / 1e9);
                        break;
                    }
                }
            }
            Thread.sleep(200);
        }
        String logs = submit.getLogs();
        assertTrue(!submit.isRunning(), "farm-submit did not finish within 5 minutes:\n" + logs);
        Long exit = submit.getCurrentContainerInfo().getState().getExitCodeLong();
        assertEquals(0L, exit, "farm-submit failed:\n" + logs);
        assertTrue(registrarStopped && killed != null, "the batch ended before a registrar was stopped and a worker "
                + "killed: " + logs);
        assertTrue(logs.contains("\"rendered\": " + (SCENES + 1) + ","), logs);
        // authenticated all the way: the registrar took the TLS port, a worker names the user of its sessions
        assertTrue(registrar2.getLogs().contains("authenticated farm: registrar registrar-2"), registrar2.getLogs());
        GenericContainer<?> dead = killed;
        GenericContainer<?> survivor = workers.stream().filter(w -> w != dead).findFirst().orElseThrow();
        assertTrue(survivor.getLogs().contains("user 'submit'"), survivor.getLogs());
        // a job runs as nobody (the worker is root, docs/sandbox.md): the worker's key is not its to read
        var stolen = survivor.execInContainerWithUser("nobody", "cat", "/credentials/key.pem");
        assertTrue(stolen.getExitCode() != 0 && stolen.getStdout().isEmpty(), "a job could read the worker's key: "
                + stolen);
        System.out.printf(Locale.ROOT, "FarmContainersIT: %d images in %.1f s%n", SCENES + 1, (System.nanoTime() - start) / 1e9);

        List<Path> all = new ArrayList<>(GeneratedScenes.write(tmp.resolve("local-scenes"), "farm", SCENES));
        all.add(Images.examples().resolve("quickstart.pov"));
        Path local = Files.createDirectories(tmp.resolve("local"));
        for (Path scene : all) {
            String name = scene.getFileName().toString().replace(".pov", "");
            Images.assertSamePixels(Images.renderLocally(scene, WIDTH, HEIGHT, "+A0.3", local),
                    output.resolve(name + "-" + WIDTH + "-" + HEIGHT + ".png"));
        }
    }
}
