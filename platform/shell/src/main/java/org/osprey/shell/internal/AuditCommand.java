package org.osprey.shell.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuditQuery;

/** Lists audit entries, newest first. */
@Service
@Command(scope = "osprey", name = "audit", description = "Lists audit trail entries, newest first")
public class AuditCommand implements Action {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*([smhdw])", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    // Optional: Karaf holds back every command of a bundle while one of them misses a mandatory service.
    @Reference(optional = true)
    private AuditLog audit;

    @Option(name = "--user", description = "Only entries of this user")
    private String user;

    @Option(name = "--action", description = "Only entries of this action, e.g. login-failed or configuration")
    private String action;

    @Option(name = "--since", description = "Only entries from this time on: ISO-8601 (2026-03-01, "
            + "2026-03-01T08:00, 2026-03-01T08:00:00Z) or a time ago (90m, 24h, 7d, 2w, PT12H)")
    private String since;

    @Option(name = "--limit", description = "At most this many entries (1 to 10000)")
    private int limit = 50;

    @Override
    public Object execute() {
        if (audit == null) {
            System.out.println("The audit trail is not running");
            return null;
        }
        Instant from = null;
        if (since != null) {
            try {
                from = since(since, Instant.now(), ZoneId.systemDefault());
            } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
                System.out.println("--since takes an ISO-8601 time or a time ago like 24h, not: " + since);
                return null;
            }
        }
        ShellTable table = new ShellTable().emptyTableText("No audit entries");
        table.column("Seq").alignRight();
        table.column("Time");
        table.column("User");
        table.column("Source");
        table.column("Action");
        table.column("Target").maxSize(40);
        table.column("Details").maxSize(80);
        DateTimeFormatter time = TIME.withZone(ZoneId.systemDefault());
        audit.query(new AuditQuery(from, null, user, action, limit)).forEach(e -> table.addRow().addContent(
                e.sequence(), time.format(e.time()), printable(e.user()), printable(e.source()),
                printable(e.action()), printable(e.target()), printable(e.details())));
        table.print(System.out);
        return null;
    }

    /** An absolute time, or now minus a duration; durations are never negative. */
    static Instant since(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        Matcher ago = AGO.matcher(t);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.minus(unit.multipliedBy(n));
        }
        if (t.regionMatches(true, 0, "P", 0, 1)) {
            Duration d = Duration.parse(t);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration");
            }
            return now.minus(d);
        }
        if (t.contains("T") || t.contains("t")) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeException noOffset) {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            }
        }
        return LocalDate.parse(t).atStartOfDay(zone).toInstant();
    }

    /**
     * Entries hold what callers sent, user names and addresses included; control and format characters
     * are shown escaped so none can move the cursor, recolour the terminal or reorder the text on screen.
     */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
