#set( $symbol_pound = '#' )
package ${package}.internal;

import java.time.ZoneId;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osprey.api.automation.ActionDuration;
import org.osprey.api.automation.ActionHandler;
import org.osprey.api.automation.ActionType;
import org.osprey.api.automation.TriggerData;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.plugin.PluginDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value ${symbol_pound}TYPE_ID} action type: writes a message with the trigger's data to the server log. The
 * message may contain {@code {type}}, {@code {sourceId}}, {@code {sourceName}}, {@code {timeUtc}} and
 * {@code {timeLocal}}.
 */
@Component
public class ${className}ActionType implements ActionType {

    /** The type id rules are stored with; changing it breaks existing rules. */
    static final String TYPE_ID = "${pluginId}";
    static final String CFG_MESSAGE = "message";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "${label}",
            "Writes a message with the trigger's data to the server log.", ConfigDescription.of(
                    ConfigParameter.text(CFG_MESSAGE, "Message", true)
                            .withDescription("May contain {type}, {sourceId}, {sourceName}, {timeUtc}, {timeLocal}")));

    private final Logger logger = LoggerFactory.getLogger(${className}ActionType.class);

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public ActionDuration duration() {
        return ActionDuration.ONE_SHOT;
    }

    @Override
    public ActionHandler create(Map<String, Object> configuration) {
        String template = String.valueOf(configuration.get(CFG_MESSAGE));
        return data -> logger.info("{}", render(template, data, ZoneId.systemDefault()));
    }

    static String render(String template, TriggerData data, ZoneId zone) {
        return template.replace("{type}", data.type())
                .replace("{sourceId}", data.sourceId())
                .replace("{sourceName}", data.sourceName())
                .replace("{timeUtc}", data.time().toString())
                .replace("{timeLocal}", data.localTime(zone).toLocalDateTime().toString());
    }
}
