package org.raypool.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A program's credentials in an authenticated farm, read from one directory with the JDK alone (docs/security.md):
 * {@code ca.crt} the farm CA, {@code cert.crt} our certificate, {@code key.pem} our PKCS#8 key (mode 600). Makes
 * the TLS 1.3 engines (SunJSSE) that trust the farm CA only, with no system trust store and no host name check:
 * addresses come from the handlespace, the CA and the role are the identity.
 */
public final class Credentials {

    public static final String CA_FILE = "ca.crt";
    public static final String CERT_FILE = "cert.crt";
    public static final String KEY_FILE = "key.pem";
    static final String PROTOCOL = "TLSv1.3";

    private final X509Certificate ca;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final PeerIdentity identity;
    private final Map<Set<Role>, SSLContext> contexts = new ConcurrentHashMap<>();

    private Credentials(X509Certificate ca, X509Certificate certificate, PrivateKey key, PeerIdentity identity) {
        this.ca = ca;
        this.certificate = certificate;
        this.key = key;
        this.identity = identity;
    }

    /** Loads {@code dir}; every failure is a {@link CredentialsException} naming the file and the fix. */
    public static Credentials load(Path dir) throws CredentialsException {
        if (!Files.isDirectory(dir)) {
            throw new CredentialsException("credentials directory " + dir + " does not exist; create it with "
                    + "'farm-registrar credentials issue ... --out " + dir + "'");
        }
        X509Certificate ca = readCertificate(dir.resolve(CA_FILE));
        X509Certificate certificate = readCertificate(dir.resolve(CERT_FILE));
        PrivateKey key = readKey(dir.resolve(KEY_FILE));
        Path certFile = dir.resolve(CERT_FILE);
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CredentialsException(certFile + " is not signed by the farm CA in " + dir.resolve(CA_FILE)
                    + "; issue it again with 'farm-registrar credentials issue'");
        }
        try {
            certificate.checkValidity();
        } catch (CertificateException e) {
            throw new CredentialsException(certFile + " is not valid now (" + e.getMessage()
                    + "); issue a new one with 'farm-registrar credentials issue'");
        }
        PeerIdentity identity;
        try {
            identity = PeerIdentity.of(certificate);
        } catch (CertificateException e) {
            throw new CredentialsException(certFile + ": " + e.getMessage()
                    + "; issue it with 'farm-registrar credentials issue --role ...'");
        }
        return of(ca, certificate, key, identity);
    }

    /** Credentials from values already checked, e.g. made by {@link CertificateAuthority} in a test. */
    public static Credentials of(X509Certificate ca, X509Certificate certificate, PrivateKey key)
            throws CertificateException {
        return of(ca, certificate, key, PeerIdentity.of(certificate));
    }

    private static Credentials of(X509Certificate ca, X509Certificate certificate, PrivateKey key,
                                  PeerIdentity identity) {
        return new Credentials(ca, certificate, key, identity);
    }

    /** Our own role and name, from our certificate. */
    public PeerIdentity identity() {
        return identity;
    }

    public X509Certificate ca() {
        return ca;
    }

    /**
     * A new engine. A server ({@code client} false) requires a client certificate with one of {@code roles}; a
     * client requires the server's certificate to have one of them.
     */
    public SSLEngine engine(boolean client, Set<Role> roles) {
        SSLEngine engine = contexts.computeIfAbsent(Set.copyOf(roles), this::context).createSSLEngine();
        engine.setUseClientMode(client);
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        if (!client) engine.setNeedClientAuth(true);
        return engine;
    }

    private SSLContext context(Set<Role> roles) {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("self", key, none, new X509Certificate[] {certificate, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("farm-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {
                new RoleTrustManager(pkix, EnumSet.copyOf(roles))}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with these credentials: " + e, e);
        }
    }

    // ---- reading the files

    /** The CA's own files, for {@link CertificateAuthority#load}. */
    record AuthorityFiles(X509Certificate ca, PrivateKey key) {}

    static AuthorityFiles loadAuthority(Path caFile, Path keyFile) throws CredentialsException {
        if (!Files.exists(caFile)) {
            throw new CredentialsException(caFile + " is missing; create the CA with 'farm-registrar credentials init"
                    + " --ca-dir " + caFile.getParent() + "'");
        }
        return new AuthorityFiles(readCertificate(caFile), readKey(keyFile));
    }

    private static String read(Path file, String fix) throws CredentialsException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new CredentialsException(file + " is missing; " + fix);
        } catch (IOException e) {
            throw new CredentialsException(file + " cannot be read (" + e.getMessage() + "); " + fix);
        }
    }

    private static X509Certificate readCertificate(Path file) throws CredentialsException {
        String fix = "copy it from 'farm-registrar credentials issue --out DIR'";
        String pem = read(file, fix);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new CredentialsException(file + " is not a PEM X.509 certificate; " + fix);
        }
    }

    private static PrivateKey readKey(Path file) throws CredentialsException {
        String fix = "copy it from 'farm-registrar credentials issue --out DIR'";
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : mode) {
                if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                    throw new CredentialsException(file + " can be read by others than its owner; fix: chmod 600 "
                            + file);
                }
            }
        } catch (NoSuchFileException e) {
            throw new CredentialsException(file + " is missing; " + fix);
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof CredentialsException c) throw c;
            // no POSIX permissions on this file system: nothing to check
        }
        String pem = read(file, fix);
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new CredentialsException(file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert it with 'openssl pkcs8 -topk8 -nocrypt' or " + fix);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new CredentialsException(file + " has a damaged base64 body; " + fix);
        }
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new CredentialsException(file + " holds no EC, RSA or Ed25519 key; " + fix);
    }

    /** PKIX against the farm CA, then the role: a certificate of another role fails the handshake. */
    private static final class RoleTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final Set<Role> roles;

        RoleTrustManager(X509ExtendedTrustManager pkix, Set<Role> roles) {
            this.pkix = pkix;
            this.roles = roles;
        }

        private void checkRole(X509Certificate[] chain) throws CertificateException {
            PeerIdentity peer = PeerIdentity.of(chain[0]);
            if (!roles.contains(peer.role())) {
                throw new CertificateException("peer " + peer + " has role " + peer.role().label()
                        + ", only " + labels() + " accepted here");
            }
        }

        private String labels() {
            StringBuilder s = new StringBuilder();
            for (Role role : roles) s.append(s.length() == 0 ? "" : "/").append(role.label());
            return s.toString();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
            checkRole(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
            checkRole(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
            checkRole(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
            checkRole(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
            checkRole(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            checkRole(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
