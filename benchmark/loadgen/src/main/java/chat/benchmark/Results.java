package chat.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The JSON shapes the generator writes ({@code load} and {@code idle}) and {@code report}
 * reads back. Latencies in milliseconds, from the intended send time; memory in bytes;
 * CPU in % of one core (200 = both cores of this box).
 */
final class Results {

	private Results() {
	}

	/** One {@code load} run against one target. */
	record LoadResult(String kind, String target, String startedAt, Machine machine, LoadConfig config,
			List<StageResult> stages, List<String> notes) {
	}

	record Machine(int cpus, String cpuModel, long memoryBytes, String kernel, String java, double loadAverage) {
	}

	record LoadConfig(int conversations, int members, int sessions, int idleSessions, long deadlineMs, int textLength,
			int threads, String endpoint) {
	}

	record StageResult(String name, int offeredRate, int seconds, boolean warmup, long sent, double achievedRate,
			long accepted, Map<String, Long> rejected, long notAcked, long deliveriesExpected, long delivered,
			long lostDeliveries, long lostMessages, long duplicates, long duplicateAcks, long outOfOrder, long late,
			long sendErrors, long sessionsClosed, Latency ack, Latency delivery, Latency sendLag,
			Map<String, Long> otherEvents, Cpu cpu, List<String> profiles, long lostDeliveriesAtEnd, long notAckedAtEnd,
			Map<String, Map<String, Double>> serviceMetrics) {

		/**
		 * The same figures, with the counts taken once the whole run is over: a delivery
		 * that missed its stage's deadline but came later is late, not lost.
		 */
		StageResult atEnd(long lostDeliveriesAtEnd, long notAckedAtEnd) {
			return new StageResult(this.name, this.offeredRate, this.seconds, this.warmup, this.sent, this.achievedRate,
					this.accepted, this.rejected, this.notAcked, this.deliveriesExpected, this.delivered,
					this.lostDeliveries, this.lostMessages, this.duplicates, this.duplicateAcks, this.outOfOrder,
					this.late, this.sendErrors, this.sessionsClosed, this.ack, this.delivery, this.sendLag,
					this.otherEvents, this.cpu, this.profiles, lostDeliveriesAtEnd, notAckedAtEnd, this.serviceMetrics);
		}

	}

	/**
	 * Percentiles in ms; {@code curve} is [percentile, ms] points for the plot.
	 */
	record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean,
			List<double[]> curve) {

		/**
		 * From a copy of {@code live}: late frames may still be recorded into it while
		 * the figures are taken.
		 */
		static Latency of(Histogram live, boolean withCurve) {
			Histogram micros = live.copy();
			if (micros.getTotalCount() == 0) {
				return new Latency(0, 0, 0, 0, 0, 0, 0, List.of());
			}
			List<double[]> curve = new ArrayList<>();
			if (withCurve) {
				for (HistogramIterationValue v : micros.percentiles(5)) {
					curve.add(new double[] { v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0 });
					if (v.getPercentileLevelIteratedTo() >= 99.999) {
						break;
					}
				}
			}
			return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
					ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
					ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000.0, curve);
		}

		private static double ms(long micros) {
			return micros / 1000.0;
		}

	}

	/**
	 * CPU over the stage (from its first send until its deadline or last delivery): per
	 * process group, the system's sum (every group but the generator), the generator, the
	 * whole machine (everything running on it, other work included), and the system's CPU
	 * per message sent.
	 */
	record Cpu(double seconds, Map<String, Double> corePercent, double systemCorePercent, double generatorCorePercent,
			double machineBusyPercent, double systemCpuMsPerMessage, Map<String, Long> rssBytes) {
	}

	/** One {@code idle} run: heap and RSS as sessions are added. */
	record IdleResult(String kind, String target, String startedAt, Machine machine, List<IdleStep> steps,
			Map<String, Long> heapBytesPerSessionByClass, List<String> notes) {
	}

	record IdleStep(int sessionsRequested, int sessionsOpen, int failures, long liveHeapBytes, long rssBytes,
			double heapBytesPerSession, double rssBytesPerSession) {
	}

}
