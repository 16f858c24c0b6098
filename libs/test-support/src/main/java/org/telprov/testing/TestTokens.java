package org.telprov.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signed access tokens shaped like the platform's Keycloak tokens ({@code tenant_id} claim, realm roles under
 * {@code realm_access.roles}, audience {@code telprov-api}), and, as a test resource, the settings that make the
 * service verify them with this class's public key instead of asking an OIDC server.
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.telprov.test/realms/telprov";
    public static final String AUDIENCE = "telprov-api";

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE);
    }

    @Override
    public void stop() {
    }

    /**
     * A partner of the tenant with the given realm role ({@code partner-admin} or {@code partner}); the tenant is made
     * active in a service that keeps tenant statuses from events ({@link TestTenants}).
     */
    public static String partner(String tenant, String role) {
        TestTenants.minted(tenant);
        return partnerOfUnknownTenant(tenant, role);
    }

    /** A partner token of a tenant the services have never heard of (nothing is published for it). */
    public static String partnerOfUnknownTenant(String tenant, String role) {
        return claims("partner-" + tenant, List.of(role)).claim("tenant_id", tenant).sign(KEYS.getPrivate());
    }

    public static String partnerAdmin(String tenant) {
        return partner(tenant, "partner-admin");
    }

    /** A partner-admin of the tenant who is another person than {@link #partnerAdmin}'s (a second approver). */
    public static String partnerAdmin(String tenant, String subject) {
        TestTenants.minted(tenant);
        return claims(subject, List.of("partner-admin")).claim("tenant_id", tenant).sign(KEYS.getPrivate());
    }

    /** The platform operator: every tenant, no tenant claim. */
    public static String operator() {
        return claims("telprov-operator", List.of("operator")).sign(KEYS.getPrivate());
    }

    /** A partner token without the tenant claim, which the services must refuse. */
    public static String partnerWithoutTenant() {
        return claims("partner-nobody", List.of("partner-admin")).sign(KEYS.getPrivate());
    }

    /** A well-formed token for another audience. */
    public static String partnerForOtherAudience(String tenant) {
        return Jwt.issuer(ISSUER).audience("another-api").subject("partner-" + tenant)
                .claim("tenant_id", tenant).claim("realm_access", Map.of("roles", List.of("partner-admin")))
                .expiresIn(300).sign(KEYS.getPrivate());
    }

    /** A token from an issuer the service does not trust. */
    public static String partnerFromOtherIssuer(String tenant) {
        return Jwt.issuer("https://evil.example/realms/telprov").audience(AUDIENCE).subject("partner-" + tenant)
                .claim("tenant_id", tenant).claim("realm_access", Map.of("roles", List.of("partner-admin")))
                .expiresIn(300).sign(OTHER_KEYS.getPrivate());
    }

    private static JwtClaimsBuilder claims(String subject, List<String> roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("azp", subject)
                .claim("realm_access", Map.of("roles", roles)).expiresIn(300);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }
}
