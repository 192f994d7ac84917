/**
 * The selected worker: who they are, their latest fix, the window's figures, follow and track
 * (with its time range, the current coverage window by default), the track's stops named after
 * the nearest building or the unit they lie in, and the activity chart.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode, Staff } from '@core/model';
import { trackStops } from '@core/patrol/stops';
import { fixesBetween } from '@core/patrol/tracks';
import { indexEntrances } from '@core/patrol/visits';
import type { WorkerActivity } from '@core/patrol/coverage-report';
import { useAppState, useDispatch } from '../../app/app-context';
import { WorkerActivityChart } from '../../charts/WorkerActivityChart';
import { ChinaTimeInput } from './ChinaTimeInput';
import { chinaClock, formatDuration, formatKm, withinFn } from './patrol-view-model';
import { stopPlaces } from './stop-places';
import { activityBuckets } from './worker-activity';

const MINUTE = 60_000;

export function WorkerDetail({
  worker,
  activity,
  window,
  nameOf,
  onTrack,
}: {
  worker: Staff;
  activity: WorkerActivity | null;
  window: { from: number; to: number } | null;
  nameOf: (code: GridCode | null) => string;
  onTrack: (workerId: string) => void;
}) {
  const { t } = useTranslation('patrol');
  const tApp = useTranslation('app').t;
  const dispatch = useDispatch();
  const district = useAppState((s) => s.district);
  const hierarchy = useAppState((s) => s.hierarchy);
  const locate = useAppState((s) => s.incidentLocator);
  const tracks = useAppState((s) => s.patrol.tracks);
  const fix = useAppState((s) => s.patrol.latest.get(worker.id));
  const followed = useAppState((s) => s.patrolView.followed);
  const track = useAppState((s) => s.patrolView.track);
  const nearM = useAppState((s) => s.patrolView.settings.visitRadiusM);
  const shownTrack = track?.workerId === worker.id ? track : null;
  const trackLength = tracks.lengths.get(worker.id) ?? 0;

  const entrances = useMemo(() => (district ? indexEntrances(district.buildings) : null), [district]);
  const buildingName = useMemo(() => new Map((district?.buildings ?? []).map((b) => [b.id as string, b.name])), [district]);

  // Recomputed when the worker's track grows or the shown range changes, not on every store change.
  const stops = useMemo(() => {
    if (!shownTrack) return [];
    const slice = fixesBetween(tracks, worker.id, Date.parse(shownTrack.from), Date.parse(shownTrack.to));
    return stopPlaces(trackStops(slice), entrances, locate, nearM);
    // trackLength stands for the worker's part of `tracks`, which changes with every batch.
  }, [shownTrack, trackLength, worker.id, entrances, locate, nearM]);

  // The window's end moves with the clock: rounded to the minute so the chart is not redone every second.
  const windowFrom = window?.from ?? null;
  const windowTo = window ? Math.ceil(window.to / MINUTE) * MINUTE : null;
  const buckets = useMemo(() => {
    if (windowFrom === null || windowTo === null || !locate || !hierarchy) return [];
    const within = withinFn(hierarchy);
    const own = worker.gridCode;
    return activityBuckets(tracks, worker.id, windowFrom, windowTo, (p) => {
      const unit = locate(p);
      return unit !== null && within(unit, own);
    });
  }, [windowFrom, windowTo, trackLength, worker.id, worker.gridCode, locate, hierarchy]);

  const isFollowed = followed === worker.id;
  const fixBits = fix
    ? [
        `${t('detail.lastFix')} ${chinaClock(fix.t)}`,
        fix.unit ? nameOf(fix.unit) : null,
        fix.speed !== undefined ? t('detail.speed', { v: fix.speed.toFixed(1) }) : null,
        fix.heading !== undefined ? t('detail.heading', { v: Math.round(fix.heading) }) : null,
        fix.accuracyM !== undefined ? t('detail.accuracy', { v: Math.round(fix.accuracyM) }) : null,
      ].filter((x): x is string => x !== null)
    : [t('detail.noFix')];

  return (
    <div className="patrol-detail" data-testid="patrol-worker-detail" data-worker={worker.id}>
      <div className="patrol-detail__head">
        <h4 className="panel__title patrol-detail__name">
          {worker.name} <span className="muted">{tApp(`role.${worker.role}`)}</span>
        </h4>
        <button type="button" className="btn btn--small btn--ghost" aria-label={t('detail.close')} title={t('detail.close')} onClick={() => dispatch({ type: 'patrolWorkerSelected', workerId: null })}>
          ×
        </button>
      </div>
      <p className="muted">
        {t('detail.ownGrid')}: {nameOf(worker.gridCode)} · {t('detail.phone')}: <span className="tabular">{worker.phone}</span>
      </p>
      <p className="muted" data-testid="patrol-worker-fix">
        {fixBits.join(' · ')}
      </p>
      {activity && (
        <p className="muted" data-testid="patrol-worker-figures">
          {t('detail.figures', {
            km: formatKm(activity.distanceM),
            n: activity.buildingsVisited,
            visits: activity.visits,
            inside: formatDuration(activity.insideOwnGridMs),
            outside: formatDuration(activity.outsideOwnGridMs),
            untracked: formatDuration(activity.untrackedMs),
          })}
        </p>
      )}
      <div className="patrol-detail__actions">
        <button type="button" className="btn btn--small" data-testid="patrol-follow" aria-pressed={isFollowed} onClick={() => dispatch({ type: 'workerFollowed', workerId: isFollowed ? null : worker.id })}>
          {isFollowed ? t('detail.unfollow') : t('detail.follow')}
        </button>
        <button
          type="button"
          className="btn btn--small"
          data-testid="patrol-track"
          aria-pressed={shownTrack !== null}
          onClick={() => (shownTrack ? dispatch({ type: 'workerTrackShown', track: null }) : onTrack(worker.id))}
        >
          {shownTrack ? t('detail.hideTrack') : t('detail.showTrack')}
        </button>
      </div>
      {buckets.length > 0 && (
        <>
          <h5 className="patrol-subtitle">{t('activity.title')}</h5>
          <WorkerActivityChart buckets={buckets} />
        </>
      )}
      {shownTrack && (
        <div className="patrol-track">
          <div className="patrol-period" role="group" aria-label={t('detail.trackRange')}>
            <ChinaTimeInput label={t('detail.from')} testId="patrol-track-from" value={shownTrack.from} onChange={(from) => dispatch({ type: 'workerTrackShown', track: { ...shownTrack, from } })} />
            <ChinaTimeInput label={t('detail.to')} testId="patrol-track-to" value={shownTrack.to} onChange={(to) => dispatch({ type: 'workerTrackShown', track: { ...shownTrack, to } })} />
          </div>
          <h5 className="patrol-subtitle">{t('detail.stopsCount', { n: stops.length })}</h5>
          {stops.length === 0 ? (
            <p className="muted">{t('detail.noStops')}</p>
          ) : (
            <ol className="patrol-stops" data-testid="patrol-stops" data-count={stops.length}>
              {stops.map((s) => {
                const building = s.buildingId ? buildingName.get(s.buildingId) ?? s.buildingId : null;
                return (
                  <li key={s.startT} data-start={s.startT} data-building={s.buildingId ?? undefined}>
                    <span className="tabular">{t('detail.stop', { from: chinaClock(s.startT), min: Math.max(1, Math.round(s.durationMs / MINUTE)) })}</span>
                    {building ? <span className="muted"> · {t('detail.near', { name: building })}</span> : s.unit ? <span className="muted"> · {t('detail.inUnit', { name: nameOf(s.unit) })}</span> : null}
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

