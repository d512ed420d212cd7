package org.raypool.transport.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The farm CA (docs/security.md): an EC P-256 key and a self-signed certificate that issues role certificates,
 * {@code CN=name, OU=role, O=farm}, with Bouncy Castle's PKIX builder. Used by {@code farm-registrar credentials}
 * and by tests of every module. The CA directory holds {@code ca.crt} and {@code ca.key} (mode 600).
 */
public final class CertificateAuthority {

    public static final String CA_KEY_FILE = "ca.key";
    private static final SecureRandom random = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final String farm;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, String farm) {
        this.certificate = certificate;
        this.key = key;
        this.farm = farm;
    }

    /** A role certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {}

    /** A new CA for {@code farm}, valid from {@code now} (minus a minute of clock skew) for {@code validity}. */
    public static CertificateAuthority create(String farm, Instant now, Duration validity) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, farm)
                .addRDN(BCStyle.CN, farm + " farm CA").build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), farm);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the CA certificate: " + e, e);
        }
    }

    /** Issues a certificate for {@code role} and {@code name}, valid from {@code notBefore} to {@code notAfter}. */
    public Issued issue(Role role, String name, Instant notBefore, Instant notAfter) {
        if (name.isBlank()) throw new IllegalArgumentException("--name must not be empty");
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, farm)
                .addRDN(BCStyle.OU, role.label()).addRDN(BCStyle.CN, name).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    // both: every program is a TLS client of some and a server of others (docs/security.md)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new Issued(sign(builder, key), pair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the certificate: " + e, e);
        }
    }

    /** Issues a certificate valid from now (minus a minute of clock skew) for {@code validity}. */
    public Issued issue(Role role, String name, Instant now, Duration validity) {
        return issue(role, name, now.minusSeconds(60), now.plus(validity));
    }

    /** Credentials for {@code issued}, as a program would load them (for tests). */
    public Credentials credentials(Issued issued) {
        try {
            return Credentials.of(certificate, issued.certificate(), issued.key());
        } catch (CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes {@code ca.crt} and {@code ca.key} (600) into {@code dir}; refuses to overwrite either. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        refuseExisting(dir, List.of(Credentials.CA_FILE, CA_KEY_FILE));
        writePrivate(dir.resolve(CA_KEY_FILE), pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(dir.resolve(Credentials.CA_FILE), pem(certificate), StandardOpenOption.CREATE_NEW);
    }

    /** Writes the credentials directory of a program: ca.crt, cert.crt, key.pem (600); refuses to overwrite. */
    public void write(Issued issued, Path dir) throws IOException {
        Files.createDirectories(dir);
        refuseExisting(dir, List.of(Credentials.CA_FILE, Credentials.CERT_FILE, Credentials.KEY_FILE));
        writePrivate(dir.resolve(Credentials.KEY_FILE), pem("PRIVATE KEY", issued.key().getEncoded()));
        Files.writeString(dir.resolve(Credentials.CERT_FILE), pem(issued.certificate()), StandardOpenOption.CREATE_NEW);
        Files.writeString(dir.resolve(Credentials.CA_FILE), pem(certificate), StandardOpenOption.CREATE_NEW);
    }

    /** Loads the CA from {@code dir} (ca.crt, ca.key), with one-line errors naming the file. */
    public static CertificateAuthority load(Path dir) throws CredentialsException {
        Credentials.AuthorityFiles ca = Credentials.loadAuthority(dir.resolve(Credentials.CA_FILE), dir.resolve(CA_KEY_FILE));
        String farm = "raypool";
        for (String part : ca.ca().getSubjectX500Principal().getName().split(",")) {
            if (part.startsWith("O=")) farm = part.substring(2);
        }
        return new CertificateAuthority(ca.ca(), ca.key(), farm);
    }

    private static void refuseExisting(Path dir, List<String> names) throws FileAlreadyExistsException {
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file + " exists; remove it first or choose another directory");
            }
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this JDK: " + e, e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws CertificateException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new CertificateException("cannot sign: " + e.getMessage(), e);
        }
    }
}
