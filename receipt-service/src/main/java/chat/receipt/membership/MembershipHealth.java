package chat.receipt.membership;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: down until the membership view is loaded. Before that, "members
 * only" answers would be wrong (404 for conversations not read yet) and receipt commands
 * are not consumed.
 */
@Component("membershipView")
class MembershipHealth implements HealthIndicator {

	private final Memberships memberships;

	MembershipHealth(Memberships memberships) {
		this.memberships = memberships;
	}

	@Override
	public Health health() {
		return (this.memberships.loaded() ? Health.up() : Health.down())
			.withDetail("conversations", this.memberships.size())
			.build();
	}

}
