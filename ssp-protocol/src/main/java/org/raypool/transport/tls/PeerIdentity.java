package org.raypool.transport.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is at the other end of an authenticated association: the role and name of its certificate, which the farm
 * CA signed (docs/security.md). Known from the first message on.
 *
 * @param role     the certificate's role ({@code OU})
 * @param name     the certificate's common name, e.g. the worker's or user's name
 * @param notAfter when the certificate expires
 */
public record PeerIdentity(Role role, String name, Instant notAfter) {

    /**
     * The identity a farm certificate names: exactly one {@code OU} that is a role and one {@code CN}. The chain
     * must have been checked already (PKIX against the farm CA): only the CA can put these in a certificate.
     */
    public static PeerIdentity of(X509Certificate certificate) throws CertificateException {
        String ou = null;
        String cn = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                String type = rdn.getType();
                String value = String.valueOf(rdn.getValue());
                if (type.equalsIgnoreCase("OU")) {
                    if (ou != null) throw new CertificateException("certificate has more than one OU (role)");
                    ou = value;
                } else if (type.equalsIgnoreCase("CN")) {
                    cn = value;
                }
            }
        } catch (InvalidNameException e) {
            throw new CertificateException("certificate subject cannot be parsed: " + e.getMessage(), e);
        }
        if (ou == null || cn == null) {
            throw new CertificateException("certificate " + certificate.getSubjectX500Principal()
                    + " has no role (OU) or no name (CN): not a farm certificate");
        }
        Role role;
        try {
            role = Role.parse(ou);
        } catch (IllegalArgumentException e) {
            throw new CertificateException("certificate OU '" + ou + "' is not a role (registrar, worker, user)");
        }
        return new PeerIdentity(role, cn, certificate.getNotAfter().toInstant());
    }

    @Override
    public String toString() {
        return role.label() + " " + name;
    }
}
