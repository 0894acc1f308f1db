import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { unwrap } from '../../api/client';
import type { Activity } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Link } from '../../router';
import { Loaded } from '../../ui/states';
import { type Names, useNames } from '../audit/names';

/** Distinguishable in colour and lightness, for colour-blind readers too (Okabe–Ito). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#6b7280'];
const MAX_SERIES = 6;
const WINDOWS = {
  '24h': { bucket: 'hour' as const, ms: 24 * 3_600_000, label: 'the last 24 hours' },
  '7d': { bucket: 'day' as const, ms: 7 * 86_400_000, label: 'the last 7 days' },
  '30d': { bucket: 'day' as const, ms: 30 * 86_400_000, label: 'the last 30 days' },
};
type WindowKey = keyof typeof WINDOWS;
type SplitBy = 'tool' | 'agent';

interface Series {
  keys: string[];
  rows: Array<Record<string, number | string>>;
  total: number;
}

/** Counts per bucket, one stacked series per tool or agent (the busiest six, then "others"). */
function series(data: Activity, measure: 'fetches' | 'denials', by: SplitBy, names: Names): Series {
  const label = (c: Activity['counts'][number]) =>
    by === 'tool'
      ? c.tool_id
        ? (names.toolName(c.tool_id) ?? c.tool_id.slice(0, 8))
        : 'no tool (refused key)'
      : (names.agentName(c.agent_id) ?? c.agent_id.slice(0, 8));
  const totals = new Map<string, number>();
  for (const c of data.counts)
    if (c[measure] > 0) totals.set(label(c), (totals.get(label(c)) ?? 0) + c[measure]);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const top = new Set(ranked.slice(0, MAX_SERIES));
  const keys = ranked.length > MAX_SERIES ? [...top, 'others'] : ranked;
  const width = data.bucket === 'hour' ? 3_600_000 : 86_400_000;
  const start = Math.floor(Date.parse(data.from) / width) * width;
  const fmt = new Intl.DateTimeFormat(
    'en',
    data.bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }
      : { month: 'short', day: 'numeric', timeZone: 'UTC' },
  );
  const rows = new Map<string, Record<string, number | string>>();
  for (let t = start; t < Date.parse(data.to); t += width) {
    const iso = new Date(t).toISOString().replace('.000Z', 'Z');
    rows.set(iso, { label: fmt.format(t), ...Object.fromEntries(keys.map((k) => [k, 0])) });
  }
  for (const c of data.counts) {
    const row = rows.get(c.bucket_start);
    if (!row || c[measure] === 0) continue;
    const key = top.has(label(c)) ? label(c) : 'others';
    row[key] = Number(row[key] ?? 0) + c[measure];
  }
  return { keys, rows: [...rows.values()], total: [...totals.values()].reduce((a, b) => a + b, 0) };
}

function Chart({ title, data }: { title: string; data: Series }) {
  return (
    <figure className="chart">
      <h3>
        {title}: {data.total}
      </h3>
      {data.total === 0 ? (
        <p className="empty">None in this window.</p>
      ) : (
        <>
          <div
            className="chart-box"
            role="img"
            aria-label={`${title}, ${data.total} in all, stacked by ${data.keys.join(', ')}`}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data.rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Legend
                  wrapperStyle={{ fontSize: 12 }}
                  formatter={(value: string) => <span className="legend-text">{value}</span>}
                />
                {data.keys.map((k, i) => (
                  <Bar
                    key={k}
                    dataKey={k}
                    stackId="s"
                    fill={COLOURS[i % COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <details>
            <summary>As a table</summary>
            <div className="table-wrap">
              <table className="data-table compact">
                <caption className="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">When (UTC)</th>
                    {data.keys.map((k) => (
                      <th key={k} scope="col">
                        {k}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows
                    .filter((r) => data.keys.some((k) => Number(r[k]) > 0))
                    .map((r) => (
                      <tr key={String(r.label)}>
                        <th scope="row">{r.label}</th>
                        {data.keys.map((k) => (
                          <td key={k}>{r[k]}</td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

/** Fetches and denials over time, per tool or agent: a burst of denials from one key stands out. */
export default function ActivityCharts() {
  const names = useNames();
  const [span, setSpan] = useState<WindowKey>('7d');
  const [by, setBy] = useState<SplitBy>('tool');
  const activity = useResource(
    async (api) => {
      const w = WINDOWS[span];
      const from = new Date(Date.now() - w.ms).toISOString();
      return unwrap(api.GET('/api/audit/activity', { params: { query: { from, bucket: w.bucket } } }));
    },
    [span],
    { pollMs: 30_000 },
  );
  return (
    <section className="card chart-card" aria-labelledby="ov-activity">
      <h2 id="ov-activity">Fetches and denials</h2>
      <div className="chart-controls">
        <label>
          Over{' '}
          <select value={span} onChange={(e) => setSpan(e.target.value as WindowKey)}>
            {Object.entries(WINDOWS).map(([k, w]) => (
              <option key={k} value={k}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Per{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as SplitBy)}>
            <option value="tool">tool</option>
            <option value="agent">agent</option>
          </select>
        </label>
        <Link to={`/audit?type=CredentialDenied,AgentRequestsRefused&range=${span}`}>Read the denials</Link>
      </div>
      <Loaded resource={activity} what="Activity">
        {(data) => (
          <div className="charts">
            <Chart title="Credential fetches" data={series(data, 'fetches', by, names)} />
            <Chart title="Denied fetches" data={series(data, 'denials', by, names)} />
          </div>
        )}
      </Loaded>
    </section>
  );
}
