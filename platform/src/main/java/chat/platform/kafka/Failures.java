package chat.platform.kafka;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that goes away by itself (a database or broker that is down, slow or
 * unreachable) from one that happens again every time for the same record (a value the
 * database refuses, a bug). The error handler retries the first kind without limit — the
 * record is valid and must not be dead-lettered because a dependency was away — and the
 * second kind {@code chat.kafka.retry.max-attempts} times before dead-lettering it.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * Whether {@code failure}, or any of its causes, says that a dependency is
	 * unavailable rather than that the record cannot be processed.
	 */
	public static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || cause instanceof RetriableException
					|| cause instanceof TimeoutException || cause instanceof ConnectException
					|| cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException
					|| cause instanceof SocketException) {
				return true;
			}
			if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE classes of a server that is away or overloaded: 08 connection exception,
	 * 53 insufficient resources, 57P01-57P03 shutdown or not accepting connections, 40001
	 * serialization failure, 40P01 deadlock.
	 */
	private static boolean isTransientState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
				|| state.equals("40001") || state.equals("40P01"));
	}

}
