package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.automation.TriggerData;

class ${className}ActionTypeTest {

    @Test
    void insertsEveryTriggerDataField() {
        TriggerData data = new TriggerData("Device event", "cam-1", "Main entrance",
                Instant.parse("2026-03-01T10:15:30Z"), Map.of());
        String text = ${className}ActionType.render("{type} from {sourceName} ({sourceId}) at {timeUtc} / {timeLocal}",
                data, ZoneId.of("Europe/Stockholm"));
        assertThat(text).isEqualTo(
                "Device event from Main entrance (cam-1) at 2026-03-01T10:15:30Z / 2026-03-01T11:15:30");
    }
}
