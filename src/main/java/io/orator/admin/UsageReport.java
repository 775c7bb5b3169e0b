package io.orator.admin;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage per client over the last days, for the console: what was submitted (client_usage) and
 * what came of it (the job_outcomes_daily view), the same tables SQL readers use.
 */
@Stateless
public class UsageReport {

    @PersistenceContext(unitName = "orator")
    EntityManager em;

    /** One client's totals over the period. */
    public record ClientTotals(String client, long jobs, long characters, long succeeded, long failed,
                               double audioSeconds) {
    }

    /** Every client with usage in the last {@code days} UTC days (today included), by name. */
    public List<ClientTotals> lastDays(int days) {
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L);
        Map<String, long[]> submitted = new TreeMap<>();
        rows("SELECT client, SUM(jobs), SUM(characters) FROM client_usage WHERE usage_day >= ? GROUP BY client", from)
                .forEach(r -> submitted.put((String) r[0], new long[] {number(r[1]), number(r[2])}));
        Map<String, double[]> outcomes = new TreeMap<>();
        rows("SELECT client, status, SUM(jobs), SUM(audio_seconds) FROM job_outcomes_daily WHERE submitted_on >= ? "
                + "GROUP BY client, status", from).forEach(r -> {
                    double[] totals = outcomes.computeIfAbsent((String) r[0], c -> new double[3]);
                    String status = (String) r[1];
                    if ("SUCCEEDED".equals(status) || "EXPIRED".equals(status)) {
                        totals[0] += number(r[2]);
                        totals[2] += r[3] == null ? 0 : ((Number) r[3]).doubleValue();
                    } else if ("FAILED".equals(status)) {
                        totals[1] += number(r[2]);
                    }
                });
        TreeMap<String, ClientTotals> report = new TreeMap<>();
        submitted.forEach((client, s) -> report.put(client, totals(client, s, outcomes.get(client))));
        outcomes.forEach((client, o) -> report.putIfAbsent(client, totals(client, new long[2], o)));
        return List.copyOf(report.values());
    }

    private static ClientTotals totals(String client, long[] submitted, double[] outcomes) {
        double[] o = outcomes == null ? new double[3] : outcomes;
        return new ClientTotals(client, submitted[0], submitted[1], (long) o[0], (long) o[1], o[2]);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, LocalDate from) {
        return em.createNativeQuery(sql).setParameter(1, from).getResultList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
