package chat.presence.online;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: DOWN until the warm-up after start has passed. Until then the stored
 * presence may be stale (it is what the previous instance last published) and nothing is
 * published.
 */
@Component("presenceWarmUp")
class WarmUpHealth implements HealthIndicator {

	private final Presence presence;

	WarmUpHealth(Presence presence) {
		this.presence = presence;
	}

	@Override
	public Health health() {
		return this.presence.warmedUp() ? Health.up().build() : Health.down().withDetail("warmingUp", true).build();
	}

}
