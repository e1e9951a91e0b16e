package dev.perimeter.it.support;

import dev.perimeter.it.containers.Kcadm;

/**
 * A Keycloak realm for the example, set up with {@code kcadm.sh} step by step exactly as the
 * README's "Using an identity provider" shows it: a realm role {@code admin}, a group
 * {@code staff}, and a public client {@code perimeter-example} that allows the password grant
 * (direct access grants) and nothing else, with two protocol mappers: the example's audience
 * in {@code aud}, and the user's groups, by name, in {@code groups}. Realm roles are in
 * {@code realm_access.roles} without a mapper.
 */
public final class ExampleRealm {

    /** The client the tests get tokens from, and the audience its tokens carry. */
    public static final String CLIENT = "perimeter-example";
    /** The realm role the example's admin endpoints ask for. */
    public static final String ADMIN_ROLE = "admin";
    /** The group every user of the realm is in. */
    public static final String GROUP = "staff";

    private final Kcadm kcadm;
    private final String realm;

    private ExampleRealm(Kcadm kcadm, String realm) {
        this.kcadm = kcadm;
        this.realm = realm;
    }

    /** Creates {@code realm} with its role, group, client and mappers. */
    public static ExampleRealm create(Kcadm kcadm, String realm) {
        kcadm.run("create", "realms", "-s", "realm=" + realm, "-s", "enabled=true");
        kcadm.run("create", "roles", "-r", realm, "-s", "name=" + ADMIN_ROLE);
        kcadm.run("create", "groups", "-r", realm, "-s", "name=" + GROUP);
        String clientId = kcadm.run("create", "clients", "-r", realm, "-s", "clientId=" + CLIENT,
                "-s", "publicClient=true", "-s", "directAccessGrantsEnabled=true",
                "-s", "standardFlowEnabled=false", "-i");
        String mappers = "clients/" + clientId + "/protocol-mappers/models";
        kcadm.run("create", mappers, "-r", realm, "-s", "name=audience", "-s", "protocol=openid-connect",
                "-s", "protocolMapper=oidc-audience-mapper",
                "-s", "config.\"included.custom.audience\"=" + CLIENT,
                "-s", "config.\"access.token.claim\"=true", "-s", "config.\"id.token.claim\"=false");
        kcadm.run("create", mappers, "-r", realm, "-s", "name=groups", "-s", "protocol=openid-connect",
                "-s", "protocolMapper=oidc-group-membership-mapper", "-s", "config.\"claim.name\"=groups",
                "-s", "config.\"full.path\"=false", "-s", "config.\"access.token.claim\"=true",
                "-s", "config.\"id.token.claim\"=false", "-s", "config.\"userinfo.token.claim\"=false");
        return new ExampleRealm(kcadm, realm);
    }

    /** The realm's name. */
    public String name() {
        return realm;
    }

    /**
     * Adds a user in {@link #GROUP}, with the realm role {@link #ADMIN_ROLE} when
     * {@code admin}; the profile is complete, so that no required action stops the password
     * grant.
     *
     * @return the user's id, the {@code sub} of its tokens
     */
    public String addUser(String username, String password, boolean admin) {
        String userId = kcadm.run("create", "users", "-r", realm, "-s", "username=" + username,
                "-s", "enabled=true", "-s", "email=" + username + "@example.test", "-s", "emailVerified=true",
                "-s", "firstName=" + username, "-s", "lastName=Test", "-s", "groups=[\"" + GROUP + "\"]", "-i");
        kcadm.run("set-password", "-r", realm, "--username", username, "--new-password", password);
        if (admin) {
            kcadm.run("add-roles", "-r", realm, "--uusername", username, "--rolename", ADMIN_ROLE);
        }
        return userId;
    }

    /**
     * Rotates the realm's signing key: a new {@code rsa-generated} key provider with a higher
     * priority than the default one (100) signs from now on, and the default key turns passive:
     * still published, so that tokens it signed stay valid, but no longer signing.
     */
    public void rotateSigningKey() {
        String old = kcadm.run("get", "components", "-r", realm, "-q", "type=org.keycloak.keys.KeyProvider",
                "-q", "name=rsa-generated", "--fields", "id", "--format", "csv", "--noquotes");
        kcadm.run("create", "components", "-r", realm, "-s", "name=rsa-rotated", "-s", "providerId=rsa-generated",
                "-s", "providerType=org.keycloak.keys.KeyProvider", "-s", "config.priority=[\"200\"]",
                "-s", "config.keySize=[\"2048\"]", "-s", "config.algorithm=[\"RS256\"]");
        kcadm.run("update", "components/" + old, "-r", realm, "-s", "config.active=[\"false\"]");
    }
}
