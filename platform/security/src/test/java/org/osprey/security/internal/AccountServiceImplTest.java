package org.osprey.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.security.AccountKind;
import org.osprey.api.security.AccountRequest;
import org.osprey.api.security.AuthenticationException;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.security.Subject;
import org.osprey.api.security.SystemRight;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/** The user directory on a real H2 file database. */
class AccountServiceImplTest {

    private static final String ADMIN_PASSWORD = "first-admin-secret";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private H2DatabaseService database;
    private AccountServiceImpl accounts;

    @BeforeEach
    void setUp() throws Exception {
        database = open();
        accounts = new AccountServiceImpl(database, new TestConfig(), ADMIN_PASSWORD, clock);
    }

    private H2DatabaseService open() throws Exception {
        return TestDatabases.inFolder(dir);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static AccountRequest user(String name, Role role, List<String> groups, Rights rights) {
        return new AccountRequest(name, null, AccountKind.USER, role, groups, rights, true, "password-of-" + name);
    }

    @Test
    void theFirstStartCreatesOneAdministratorWithTheGivenPasswordStoredOnlyAsHash() throws Exception {
        assertThat(accounts.accounts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("admin");
            assertThat(a.role()).isEqualTo(Role.ADMINISTRATOR);
        });
        assertThat(accounts.authenticate("admin", ADMIN_PASSWORD, "127.0.0.1").isAdministrator()).isTrue();
        String stored = database.withConnection(c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT password_hash FROM osprey_account")) {
                r.next();
                return r.getString(1);
            }
        });
        assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain(ADMIN_PASSWORD);

        AccountServiceImpl again = new AccountServiceImpl(database, new TestConfig(), "another-password", clock);
        assertThat(again.accounts()).hasSize(1);
        assertThat(again.authenticate("admin", ADMIN_PASSWORD, "127.0.0.1").username()).isEqualTo("admin");
    }

    @Test
    void withoutAGivenPasswordARandomOneIsMade() throws Exception {
        database.close();
        Path other = dir.resolve("other");
        java.nio.file.Files.createDirectories(other);
        dir = other;
        database = open();
        AccountServiceImpl fresh = new AccountServiceImpl(database, new TestConfig(), null, clock);
        assertThat(fresh.account("admin")).isPresent();
        assertThatThrownBy(() -> fresh.authenticate("admin", "", "x")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void effectiveRightsAreTheUnionWithGroupsAndTheHighestRoleWins() throws Exception {
        accounts.add(new AccountRequest("night-shift", null, AccountKind.GROUP, Role.OPERATOR, null,
                new Rights(Map.of("cam-y", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)), Set.of(), Map.of(),
                        Set.of(SystemRight.DATA_SEARCH), 0, 0), null, null));
        accounts.add(user("ann", Role.VIEWER, List.of("night-shift"),
                new Rights(Map.of("cam-x", Set.of(CameraRight.ACCESS)), Set.of(), Map.of(), Set.of(), 60, 0)));

        Subject ann = accounts.authenticate("ann", "password-of-ann", "10.1.1.1");
        assertThat(ann.role()).isEqualTo(Role.OPERATOR);
        assertThat(ann.rights().cameras()).containsOnlyKeys("cam-x", "cam-y");
        assertThat(ann.may("cam-y", CameraRight.PLAYBACK)).isTrue();
        assertThat(ann.may("cam-x", CameraRight.PLAYBACK)).isFalse();
        assertThat(ann.may("cam-z", CameraRight.ACCESS)).isFalse();
        assertThat(ann.may(SystemRight.DATA_SEARCH)).isTrue();
        assertThat(ann.rights().recordingAgeLimitMinutes()).as("the group sets no limit").isZero();
        assertThat(ann.sourceAddress()).isEqualTo("10.1.1.1");
    }

    @Test
    void invalidRequestsNameEveryFieldAndStoreNothing() {
        assertThatThrownBy(() -> accounts.add(new AccountRequest("x'; DROP TABLE osprey_account; --", null, null,
                null, List.of("nobody"), null, true, "short")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.fieldErrors())
                        .containsKeys("name", "role", "groups", "password"));
        assertThatThrownBy(() -> accounts.add(user("ADMIN", Role.VIEWER, null, null)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("name", "is taken"));
        assertThat(accounts.accounts()).hasSize(1);
    }

    @Test
    void theLastAdministratorCannotBeRemovedDisabledOrDemoted() {
        assertThatThrownBy(() -> accounts.remove("admin")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> accounts.update("admin", new AccountRequest(null, null, null, Role.OPERATOR, null,
                null, null, null))).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> accounts.update("admin", new AccountRequest(null, null, null, null, null, null,
                false, null))).isInstanceOf(InvalidConfigurationException.class);
        accounts.add(user("second", Role.ADMINISTRATOR, null, null));
        accounts.remove("admin");
        assertThat(accounts.account("admin")).isEmpty();
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPasswordUntilTheBackOffHasPassed() throws Exception {
        accounts.add(user("bob", Role.OPERATOR, null, null));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> accounts.authenticate("bob", "wrong", "x"))
                    .hasMessage("The username or password is incorrect");
        }
        assertThatThrownBy(() -> accounts.authenticate("bob", "password-of-bob", "x"))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        assertThat(accounts.authenticate("bob", "password-of-bob", "x").username()).isEqualTo("bob");
    }

    @Test
    void unknownUsersGetTheSameAnswerAsWrongPasswords() {
        assertThatThrownBy(() -> accounts.authenticate("nobody", "whatever-password", "x"))
                .isInstanceOf(AuthenticationException.class).hasMessage("The username or password is incorrect");
    }

    @Test
    void disabledUsersAndGroupsCannotLogIn() {
        accounts.add(user("carl", Role.VIEWER, null, null));
        accounts.update("carl", new AccountRequest(null, null, null, null, null, null, false, null));
        assertThatThrownBy(() -> accounts.authenticate("carl", "password-of-carl", "x"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(accounts.subject("carl", "x")).isEmpty();
        accounts.add(new AccountRequest("crew", null, AccountKind.GROUP, Role.VIEWER, null, null, null, null));
        assertThat(accounts.subject("crew", "x")).isEmpty();
    }

    @Test
    void aNewPasswordReplacesTheOldOneAndTheDigestKeys() throws Exception {
        accounts.add(user("dora", Role.VIEWER, null, null));
        String oldKey = accounts.digestKey("dora", "SHA-256").orElseThrow();
        accounts.authenticate("dora", "password-of-dora", "x");
        accounts.setPassword("dora", "a-brand-new-password");
        assertThatThrownBy(() -> accounts.authenticate("dora", "password-of-dora", "x"))
                .as("the remembered old password no longer counts").isInstanceOf(AuthenticationException.class);
        assertThat(accounts.authenticate("dora", "a-brand-new-password", "x").username()).isEqualTo("dora");
        assertThat(accounts.digestKey("dora", "SHA-256")).hasValue(
                AccountServiceImpl.digestKey("SHA-256", "dora", "a-brand-new-password")).isNotEqualTo(oldKey);
        assertThatThrownBy(() -> accounts.setPassword("dora", "short")).isInstanceOf(InvalidConfigurationException.class);
    }
}
