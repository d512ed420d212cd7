package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.AsapPeer;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.AsapError;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Issue 15's ASAP attacks in open mode against bin/farm-registrar with two real bin/farm-workers: a test client on
 * the same network squats the empty pool with another policy, deregisters and overwrites a worker's PE, reports it
 * unreachable until it would be removed, floods Handle Resolutions and sends one 64 KiB request of unknown "report"
 * parameters. Each is refused (docs/protocol/registrar-behaviour.md §3.9), both workers stay registered, and
 * farm-submit renders a scene on them equal to local POV-Ray.
 */
class RegistrarGuardIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A pool nobody serves, for the 64 KiB request: another subject than the flooded pool's rate. */
    private static final PoolHandle NOBODY = PoolHandle.fromString("Nobody");
    private static final String SCENE = """
            #version 3.7;
            global_settings { assumed_gamma 1 }
            camera { location <0, 1, -3> look_at 0 }
            light_source { <2, 4, -3> rgb 1 }
            sphere { <0, 0, 0>, 1 pigment { rgb <0.9, 0.4, 0.1> } }
            plane { y, -1 pigment { checker rgb 1 rgb 0.3 } }
            """;

    @TempDir
    Path tmp;

    private static PoolElement forged(int id, InetAddress address, PoolMemberSelectionPolicy policy) {
        return new PoolElement(id, 0, 30_000, new TcpTransport(6666, TransportUse.DATA_PLUS_CONTROL, address), policy);
    }

    private static InetSocketAddress registrarAt(Processes.Started registrar) throws IOException {
        return new InetSocketAddress("127.0.0.1", registrar.ready().port("asap"));
    }

    @Test
    void everyAsapAttackIsRefusedAndTheWorkersStillRender() throws Exception {
        try (Processes processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
             AsapPeer attacker = AsapPeer.connect(Transports.forName("tcp"), registrarAt(processes.registrar(0, "--pool-policy",
                     "ScriptingPool=LeastUsedDegradation", "--max-hr-rate", "50", "--max-eu-rate", "5")))) {
            int port = attacker.association.remoteAddresses().get(0).getPort();

            attacker.send(new Registration(Farm.POOL, forged(0x0bad0001, attacker.local(),
                    PoolMemberSelectionPolicy.roundRobin())));
            RegistrationResponse squat = assertInstanceOf(RegistrationResponse.class, attacker.next(WAIT));
            assertEquals(ErrorCause.POOLING_POLICY_INCONSISTENT, squat.error().orElseThrow().firstCode(),
                    "the empty pool's policy is fixed by --pool-policy, not by the first comer");

            List<Processes.Started> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(processes.service("farm-worker", "--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                        "--max-sessions", "1"));
            }
            Processes.awaitWorkers(port, 2, workers);
            AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(
                    new InetSocketAddress("127.0.0.1", port))));
            List<PoolElement> before;
            try (HandleResolver resolver = new HandleResolver(asap, Transports.forName("tcp"), Duration.ZERO)) {
                before = resolver.resolve(Farm.POOL, 16, WAIT);
            }
            assertEquals(2, before.size());
            PoolElement victim = before.get(0);

            attacker.send(new Deregistration(Farm.POOL, victim.identifier()));
            DeregistrationResponse deregistered = assertInstanceOf(DeregistrationResponse.class, attacker.next(WAIT));
            assertEquals(ErrorCause.REJECTED_SECURITY, deregistered.error().orElseThrow().firstCode());

            attacker.send(new Registration(Farm.POOL, forged(victim.identifier(), attacker.local(),
                    victim.policy())));
            RegistrationResponse overwrite = assertInstanceOf(RegistrationResponse.class, attacker.next(WAIT));
            assertEquals(ErrorCause.NON_UNIQUE_PE_IDENTIFIER, overwrite.error().orElseThrow().firstCode());

            for (int i = 0; i < 100; i++) attacker.send(new EndpointUnreachable(Farm.POOL, victim.identifier()));

            for (int i = 0; i < 300; i++) attacker.send(HandleResolution.of(Farm.POOL));
            int refused = 0;
            for (int i = 0; i < 300; i++) {
                HandleResolutionResponse r = assertInstanceOf(HandleResolutionResponse.class, attacker.next(WAIT));
                if (r.error().isPresent()) refused++;
            }
            assertTrue(refused > 200, "300 resolutions at once against --max-hr-rate 50: refused " + refused);

            attacker.association.send(Protocol.ASAP, AsapPeer.withUnknownParameters(AsapCodec.INSTANCE.encode(
                    HandleResolution.of(NOBODY))));
            assertInstanceOf(HandleResolutionResponse.class, attacker.next(WAIT));
            AsapError error = assertInstanceOf(AsapError.class, attacker.next(WAIT));
            assertTrue(error.error().causes().size() <= 32, error.toString());
            assertNull(attacker.received.poll(500, TimeUnit.MILLISECONDS), "one Error, not 16,377");

            List<PoolElement> after;
            try (HandleResolver resolver = new HandleResolver(asap, Transports.forName("tcp"), Duration.ZERO)) {
                after = resolver.resolve(Farm.POOL, 16, WAIT);
            }
            assertEquals(before.stream().map(PoolElement::identifier).sorted().toList(),
                    after.stream().map(PoolElement::identifier).sorted().toList(), "both workers still registered");
            for (PoolElement pe : after) assertTrue(pe.userTransport().port() != 6666, "not overwritten: " + pe);

            Path scene = Files.writeString(tmp.resolve("guarded.pov"), SCENE);
            PovrayReference.Rendered local = PovrayReference.render(scene, tmp, "local", "+W48", "+H36",
                    PovrayReference.FARM_ANTIALIAS);
            Path output = tmp.resolve("output");
            Farm.Run run = Farm.submit("--registrar", "127.0.0.1:" + port, "--transport", "tcp", "--output",
                    output.toString(), "--json", "--size", "48x36", scene.toString());
            assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
            assertEquals(Optional.empty(), ImageFiles.difference(local.file("guarded.png"),
                    output.resolve("guarded-48-36.png")));
            System.out.printf("RegistrarGuardIT: squat, deregistration, overwrite, 100 unreachable reports, %d of 300 "
                    + "resolutions over the rate and a 64 KiB request (one Error of %d causes) refused; both workers "
                    + "rendered%n", refused, error.error().causes().size());
        }
    }
}
