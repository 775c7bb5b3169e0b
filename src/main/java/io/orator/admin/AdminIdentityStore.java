package io.orator.admin;

import io.orator.platform.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import jakarta.inject.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's account: one user name and password from configuration
 * ({@code orator.admin.user} / {@code orator.admin.password}, or {@code ORATOR_ADMIN_USER} /
 * {@code ORATOR_ADMIN_PASSWORD}), checked over HTTP BASIC ({@link AdminAuthentication}) through
 * Jakarta Security on the server's Elytron application domain. No default password ships: without both settings every
 * admin request is refused. Read at each login, so a changed password applies at once.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(AdminIdentityStore.class.getName());

    /** Read at each login, so a changed account takes effect without a restart. */
    @Inject
    @ConfigProperty(name = "orator.admin.user")
    Provider<Optional<String>> user;

    @Inject
    @ConfigProperty(name = "orator.admin.password")
    Provider<Optional<String>> password;

    void warnWhenUnconfigured(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (credentials().isEmpty()) {
            LOG.warning("No admin credentials configured (orator.admin.user and orator.admin.password, or "
                    + "ORATOR_ADMIN_USER and ORATOR_ADMIN_PASSWORD): every /api/v1/admin request is refused");
        }
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        Optional<Account> configured = credentials();
        if (configured.isEmpty()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Account account = configured.get();
        // Both compared in full and in constant time, so timing tells nothing about either.
        boolean user = sameDigest(account.user(), credential.getCaller());
        boolean password = sameDigest(account.password(), credential.getPasswordAsString());
        return user & password
                ? new CredentialValidationResult(account.user(), Set.of(AdminResource.ROLE))
                : CredentialValidationResult.INVALID_RESULT;
    }

    private Optional<Account> credentials() {
        Optional<String> user = this.user.get().filter(s -> !s.isBlank());
        Optional<String> password = this.password.get().filter(s -> !s.isEmpty());
        return user.isPresent() && password.isPresent()
                ? Optional.of(new Account(user.get(), password.get()))
                : Optional.empty();
    }

    private record Account(String user, String password) {
    }

    private static boolean sameDigest(String expected, String given) {
        return MessageDigest.isEqual(Sha256.of(expected), Sha256.of(given == null ? "" : given));
    }
}
