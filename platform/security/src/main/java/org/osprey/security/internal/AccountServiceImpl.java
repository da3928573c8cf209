package org.osprey.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.security.Account;
import org.osprey.api.security.AccountKind;
import org.osprey.api.security.AccountRequest;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuthenticationException;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.security.Subject;
import org.osprey.api.storage.DatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in user directory. Creates the first administrator at the first start, with the password
 * from {@code OSPREY_ADMIN_PASSWORD} or a random one printed once.
 */
@Component(service = {AccountService.class, AccountServiceImpl.class}, configurationPid = SecurityConfig.PID)
@Designate(ocd = SecurityConfig.class)
public class AccountServiceImpl implements AccountService {

    /** The realm of HTTP Digest and Basic challenges; part of the stored Digest keys. */
    public static final String REALM = "Osprey";
    static final String FIRST_ADMIN = "admin";
    static final String ADMIN_PASSWORD_VARIABLE = "OSPREY_ADMIN_PASSWORD";
    static final String INCORRECT = "The username or password is incorrect";
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** Verified Basic credentials are remembered this long, so API clients do not pay PBKDF2 per call. */
    private static final Duration VERIFIED_FOR = Duration.ofMinutes(2);

    private final Logger logger = LoggerFactory.getLogger(AccountServiceImpl.class);
    private final AccountStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final int minimumPasswordLength;
    private final Clock clock;
    private final Map<String, StoredAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final byte[] cacheKey = new byte[32];
    /** Compared against when the user is unknown, so the answer takes as long as for a known user. */
    private final String decoyHash;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;

    private record Verified(byte[] digest, Instant until) {
    }

    @Activate
    public AccountServiceImpl(@Reference DatabaseService database, SecurityConfig config) throws SQLException {
        this(database, config, System.getenv(ADMIN_PASSWORD_VARIABLE), Clock.systemUTC());
    }

    AccountServiceImpl(DatabaseService database, SecurityConfig config, String initialPassword, Clock clock)
            throws SQLException {
        this.clock = clock;
        this.store = new AccountStore(database);
        this.hasher = new PasswordHasher(config.passwordIterations());
        this.minimumPasswordLength = config.minimumPasswordLength();
        this.throttle = new LoginThrottle(config.lockoutThreshold(), Duration.ofSeconds(config.lockoutSeconds()),
                Duration.ofSeconds(config.lockoutMaxSeconds()), clock);
        new SecureRandom().nextBytes(cacheKey);
        this.decoyHash = hasher.hash(HexFormat.of().formatHex(cacheKey));
        accounts.putAll(store.loadAll());
        if (accounts.isEmpty()) {
            createFirstAdministrator(initialPassword);
        }
    }

    private void createFirstAdministrator(String initialPassword) {
        boolean given = initialPassword != null && !initialPassword.isBlank();
        String password = given ? initialPassword : randomPassword();
        add(new AccountRequest(FIRST_ADMIN, "Administrator", AccountKind.USER, Role.ADMINISTRATOR, List.of(),
                Rights.NONE, true, password));
        if (given) {
            logger.warn("First administrator '{}' created with the password from {}", FIRST_ADMIN,
                    ADMIN_PASSWORD_VARIABLE);
        } else {
            // Shown once, on the console and in the log; only its hash is stored.
            String text = "First administrator '" + FIRST_ADMIN + "' created. Password: " + password
                    + "  (shown once; change it with osprey:user-passwd)";
            System.out.println(text);
            logger.warn(text);
        }
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public List<Account> accounts() {
        return accounts.values().stream().map(StoredAccount::account)
                .sorted(Comparator.comparing(Account::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    @Override
    public Optional<Account> account(String name) {
        return Optional.ofNullable(name == null ? null : accounts.get(name)).map(StoredAccount::account);
    }

    @Override
    public synchronized Account add(AccountRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = request.name();
        if (name == null || !name.matches(NAME_PATTERN)) {
            errors.put("name", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (accounts.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
            errors.put("name", "is taken");
        }
        AccountKind kind = request.kind() == null ? AccountKind.USER : request.kind();
        Account account = build(name == null ? "" : name, kind, request, null, errors);
        String hash = null;
        String digestSha256 = null;
        String digestMd5 = null;
        if (kind == AccountKind.USER) {
            checkPassword(request.password(), errors);
            if (errors.isEmpty()) {
                hash = hasher.hash(request.password());
                digestSha256 = digestKey("SHA-256", name, request.password());
                digestMd5 = digestKey("MD5", name, request.password());
            }
        } else if (request.password() != null) {
            errors.put("password", "groups do not log in");
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException("The account cannot be added: " + errors, errors);
        }
        persist(new StoredAccount(account, hash, digestSha256, digestMd5));
        return account;
    }

    @Override
    public synchronized Account update(String name, AccountRequest request) {
        StoredAccount stored = find(name);
        Map<String, String> errors = new LinkedHashMap<>();
        if (request.name() != null && !request.name().equals(name)) {
            errors.put("name", "cannot be changed");
        }
        if (request.kind() != null && request.kind() != stored.account().kind()) {
            errors.put("kind", "cannot be changed");
        }
        Account updated = build(name, stored.account().kind(), request, stored.account(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException("The account cannot be changed: " + errors, errors);
        }
        requireAnotherAdministratorUnless(name, isActiveAdministrator(updated));
        persist(new StoredAccount(updated, stored.passwordHash(), stored.digestSha256(), stored.digestMd5()));
        verified.remove(name);
        return updated;
    }

    /** The account a request describes, merged over the current one on update; problems go to errors. */
    private Account build(String name, AccountKind kind, AccountRequest request, Account current,
            Map<String, String> errors) {
        String displayName = request.displayName() != null ? request.displayName()
                : current != null ? current.displayName() : name;
        if (displayName.length() > 200 || displayName.chars().anyMatch(Character::isISOControl)) {
            errors.put("displayName", "must be at most 200 characters without control characters");
        }
        Role role = request.role() != null ? request.role() : current != null ? current.role() : null;
        if (role == null) {
            errors.put("role", "is required");
            role = Role.VIEWER;
        }
        List<String> groups = request.groups() != null ? request.groups()
                : current != null ? current.groups() : List.of();
        if (kind == AccountKind.GROUP && !groups.isEmpty()) {
            errors.put("groups", "groups cannot belong to groups");
        }
        for (String group : groups) {
            StoredAccount g = group == null ? null : accounts.get(group);
            if (g == null || g.account().kind() != AccountKind.GROUP) {
                errors.put("groups", "no group named " + group);
            }
        }
        Rights rights = request.rights() != null ? request.rights() : current != null ? current.rights() : Rights.NONE;
        boolean enabled = request.enabled() != null ? request.enabled() : current == null || current.enabled();
        return new Account(name, displayName, kind, role, groups, rights, enabled);
    }

    @Override
    public synchronized void remove(String name) {
        find(name);
        requireAnotherAdministratorUnless(name, false);
        try {
            store.delete(name);
        } catch (SQLException e) {
            throw new IllegalStateException("The account database could not be written: " + e.getMessage(), e);
        }
        accounts.remove(name);
        verified.remove(name);
        // Members of a removed group lose it.
        accounts.replaceAll((n, s) -> s.account().groups().contains(name)
                ? new StoredAccount(withoutGroup(s.account(), name), s.passwordHash(), s.digestSha256(), s.digestMd5())
                : s);
    }

    private static Account withoutGroup(Account a, String group) {
        List<String> groups = new ArrayList<>(a.groups());
        groups.remove(group);
        return new Account(a.name(), a.displayName(), a.kind(), a.role(), groups, a.rights(), a.enabled());
    }

    @Override
    public synchronized void setPassword(String name, String password) {
        StoredAccount stored = find(name);
        Map<String, String> errors = new LinkedHashMap<>();
        if (stored.account().kind() != AccountKind.USER) {
            errors.put("name", "groups have no password");
        }
        checkPassword(password, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException("The password cannot be set: " + errors, errors);
        }
        persist(new StoredAccount(stored.account(), hasher.hash(password), digestKey("SHA-256", name, password),
                digestKey("MD5", name, password)));
        verified.remove(name);
        throttle.succeeded(name);
    }

    @Override
    public Subject authenticate(String username, String password, String source) throws AuthenticationException {
        Duration locked = throttle.lockedFor(username);
        if (!locked.isZero()) {
            record(username, source, AuditActions.LOGIN_FAILED, "account locked");
            throw new AuthenticationException("Too many failed logins; try again later", locked);
        }
        StoredAccount stored = username == null ? null : accounts.get(username);
        if (password != null && stored != null && isRemembered(username, password)) {
            return subject(username, source).orElseThrow(() -> new AuthenticationException(INCORRECT, Duration.ZERO));
        }
        boolean matches = password != null && hasher.verify(password, stored == null ? decoyHash
                : stored.passwordHash());
        if (!matches || !stored.account().enabled() || stored.account().kind() != AccountKind.USER) {
            Duration lock = throttle.failed(username);
            record(username, source, AuditActions.LOGIN_FAILED, lock.isZero() ? "" : "locked for " + lock.toSeconds() + " s");
            throw new AuthenticationException(INCORRECT, lock);
        }
        throttle.succeeded(username);
        remember(username, password);
        record(username, source, AuditActions.LOGIN, "");
        return subject(username, source).orElseThrow();
    }

    /**
     * The stored HTTP Digest key H(A1) of a user for the given algorithm ({@code SHA-256} or {@code MD5}),
     * while the user is enabled and not locked out.
     */
    Optional<String> digestKey(String username, String algorithm) {
        StoredAccount stored = username == null ? null : accounts.get(username);
        if (stored == null || !stored.account().enabled() || !throttle.lockedFor(username).isZero()) {
            return Optional.empty();
        }
        return Optional.ofNullable(algorithm.equals("MD5") ? stored.digestMd5() : stored.digestSha256());
    }

    /** How long logins for the user are still refused. */
    Duration lockedFor(String username) {
        return throttle.lockedFor(username);
    }

    /** Counts a failed Digest or token attempt against the account, like a wrong password. */
    void failedAttempt(String username, String source, String how) {
        Duration lock = throttle.failed(username);
        record(username, source, AuditActions.LOGIN_FAILED, how + (lock.isZero() ? "" : ", locked for " + lock.toSeconds() + " s"));
    }

    @Override
    public Optional<Subject> subject(String username, String source) {
        StoredAccount stored = username == null ? null : accounts.get(username);
        if (stored == null || !stored.account().enabled() || stored.account().kind() != AccountKind.USER) {
            return Optional.empty();
        }
        Account user = stored.account();
        Role role = user.role();
        Rights rights = user.rights();
        for (String group : user.groups()) {
            StoredAccount g = accounts.get(group);
            if (g != null) {
                role = role.max(g.account().role());
                rights = rights.union(g.account().rights());
            }
        }
        return Optional.of(new Subject(username, role, rights, source));
    }

    private StoredAccount find(String name) {
        StoredAccount stored = name == null ? null : accounts.get(name);
        if (stored == null) {
            throw new NoSuchElementException("No account named " + name);
        }
        return stored;
    }

    private boolean isActiveAdministrator(Account a) {
        return a.enabled() && a.kind() == AccountKind.USER && a.role() == Role.ADMINISTRATOR;
    }

    /** Refuses a change that would leave no enabled administrator user. */
    private void requireAnotherAdministratorUnless(String name, boolean stillAdministrator) {
        if (stillAdministrator) {
            return;
        }
        boolean another = accounts.values().stream().map(StoredAccount::account)
                .anyMatch(a -> !a.name().equals(name) && isActiveAdministrator(a));
        boolean wasAdministrator = isActiveAdministrator(find(name).account());
        if (wasAdministrator && !another) {
            throw new InvalidConfigurationException("The last administrator cannot be removed, disabled or demoted",
                    Map.of("name", "is the last enabled administrator"));
        }
    }

    private void checkPassword(String password, Map<String, String> errors) {
        if (password == null || password.length() < minimumPasswordLength) {
            errors.put("password", "must be at least " + minimumPasswordLength + " characters");
        } else if (password.length() > 256) {
            errors.put("password", "must be at most 256 characters");
        } else if (password.chars().anyMatch(Character::isISOControl)) {
            errors.put("password", "must not contain control characters");
        }
    }

    private void persist(StoredAccount stored) {
        try {
            store.save(stored);
        } catch (SQLException e) {
            throw new IllegalStateException("The account database could not be written: " + e.getMessage(), e);
        }
        accounts.put(stored.account().name(), stored);
    }

    static String digestKey(String algorithm, String username, String password) {
        return hex(algorithm, username + ":" + REALM + ":" + password);
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    private byte[] keyed(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheKey);
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void remember(String username, String password) {
        verified.put(username, new Verified(keyed(username, password), clock.instant().plus(VERIFIED_FOR)));
    }

    private boolean isRemembered(String username, String password) {
        Verified v = verified.get(username);
        return v != null && v.until().isAfter(clock.instant()) && MessageDigest.isEqual(v.digest(), keyed(username, password));
    }

    private void record(String username, String source, String action, String details) {
        AuditLog log = audit;
        if (log != null) {
            log.record(new AuditEntry(0, clock.instant(), username == null ? "" : username, source, action,
                    username == null ? "" : username, details));
        }
    }
}
