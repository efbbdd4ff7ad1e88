import type { CourseStats } from '../api';
import { yTicks } from './chart-scale';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 28, left: 36 };

/**
 * New enrolments per day as bars, with the running total as a line: plain SVG (no chart library to
 * keep up to date), labelled for screen readers, the same figures in a table beside it.
 */
export function EnrolmentChart({ days }: { days: CourseStats['enrollmentsOverTime'] }) {
  const max = Math.max(1, ...days.map((day) => day.total));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const x = (index: number) => PAD.left + slot * index + slot / 2;
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const line = days.map((day, index) => `${index === 0 ? 'M' : 'L'}${x(index)},${y(day.total)}`).join(' ');
  const last = days.at(-1);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Enrolments over time: ${last?.total ?? 0} in all over ${days.length} day(s)`}
      >
        {yTicks(max).map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {days.map((day, index) => (
          <rect
            key={day.date}
            className="chart-bar"
            x={x(index) - Math.min(24, slot * 0.6) / 2}
            width={Math.min(24, slot * 0.6)}
            y={y(day.enrollments)}
            height={PAD.top + plotHeight - y(day.enrollments)}
          >
            <title>
              {day.date}: {day.enrollments} new, {day.total} in all
            </title>
          </rect>
        ))}
        {days.length > 1 && <path className="chart-line" d={line} fill="none" />}
        {days.map((day, index) =>
          index === 0 || index === days.length - 1 ? (
            <text key={day.date} x={x(index)} y={HEIGHT - 8} textAnchor="middle" className="chart-label">
              {day.date}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="muted">Bars: new enrolments per day (UTC). Line: enrolments in all.</figcaption>
    </figure>
  );
}
