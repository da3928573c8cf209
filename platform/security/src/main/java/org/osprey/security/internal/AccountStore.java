package org.osprey.security.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osprey.api.security.Account;
import org.osprey.api.security.AccountKind;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.storage.DatabaseService;
import org.osprey.api.storage.Migration;

/** Accounts and group memberships in the server database; rights are kept as a JSON object. */
final class AccountStore {

    static final String OWNER = "org.osprey.security";

    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "accounts", """
            CREATE TABLE osprey_account (
              name VARCHAR(64) PRIMARY KEY,
              display_name VARCHAR(200) NOT NULL,
              kind VARCHAR(16) NOT NULL,
              role VARCHAR(32) NOT NULL,
              enabled BOOLEAN NOT NULL,
              rights CHARACTER LARGE OBJECT NOT NULL,
              password_hash VARCHAR(200),
              digest_sha256 VARCHAR(64),
              digest_md5 VARCHAR(32),
              updated TIMESTAMP WITH TIME ZONE NOT NULL
            );
            CREATE TABLE osprey_account_group (
              account VARCHAR(64) NOT NULL REFERENCES osprey_account(name) ON DELETE CASCADE,
              group_name VARCHAR(64) NOT NULL REFERENCES osprey_account(name) ON DELETE CASCADE,
              PRIMARY KEY (account, group_name)
            );
            """));

    private final DatabaseService db;
    private final ObjectMapper json = new ObjectMapper();

    AccountStore(DatabaseService db) throws SQLException {
        this.db = db;
        db.migrate(OWNER, MIGRATIONS);
    }

    Map<String, StoredAccount> loadAll() throws SQLException {
        return db.withConnection(c -> {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT account, group_name FROM osprey_account_group ORDER BY account, group_name");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    groups.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
            Map<String, StoredAccount> accounts = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, display_name, kind, role, enabled, rights, "
                    + "password_hash, digest_sha256, digest_md5 FROM osprey_account ORDER BY name");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String name = r.getString(1);
                    Account account = new Account(name, r.getString(2), AccountKind.valueOf(r.getString(3)),
                            Role.valueOf(r.getString(4)), groups.getOrDefault(name, List.of()), rights(r.getString(6)),
                            r.getBoolean(5));
                    accounts.put(name, new StoredAccount(account, r.getString(7), r.getString(8), r.getString(9)));
                }
            }
            return accounts;
        });
    }

    /** Inserts or replaces an account and its memberships in one transaction. */
    void save(StoredAccount stored) throws SQLException {
        Account a = stored.account();
        String rightsJson = write(a.rights());
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("MERGE INTO osprey_account (name, display_name, kind, role, "
                    + "enabled, rights, password_hash, digest_sha256, digest_md5, updated) KEY (name) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                p.setString(1, a.name());
                p.setString(2, a.displayName());
                p.setString(3, a.kind().name());
                p.setString(4, a.role().name());
                p.setBoolean(5, a.enabled());
                p.setString(6, rightsJson);
                p.setString(7, stored.passwordHash());
                p.setString(8, stored.digestSha256());
                p.setString(9, stored.digestMd5());
                p.executeUpdate();
            }
            replaceGroups(c, a);
            return null;
        });
    }

    private static void replaceGroups(Connection c, Account a) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_account_group WHERE account = ?")) {
            p.setString(1, a.name());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO osprey_account_group (account, group_name) VALUES (?, ?)")) {
            for (String group : a.groups()) {
                p.setString(1, a.name());
                p.setString(2, group);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    void delete(String name) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_account WHERE name = ?")) {
                p.setString(1, name);
                p.executeUpdate();
            }
            return null;
        });
    }

    private String write(Rights rights) throws SQLException {
        try {
            return json.writeValueAsString(rights);
        } catch (JsonProcessingException e) {
            throw new SQLException("rights cannot be stored as JSON", e);
        }
    }

    private Rights rights(String text) throws SQLException {
        try {
            return json.readValue(text, Rights.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored rights are not readable", e);
        }
    }
}
