import type { Channel } from '../../../../generated/onewindow/common/v1/actor.ts';
import type { AlertDocument, RatingDocument, WatchDocument } from '../projections/supervision-documents.ts';
import * as at from './statistic-counts.ts';

/** What a fact is grouped by. */
export interface Dimensions {
  readonly regionCode: string;
  readonly department: string;
  readonly hallId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly channel: Channel;
}

/** What one fact adds to the figures of the day it counts on. */
export interface Contribution {
  readonly dimensions: Dimensions;
  /** "YYYY-MM-DD". */
  readonly day: string;
  readonly counts: at.Counts;
}

/** What the documents of a collection count, by collection: those statistics count (watches, alerts, ratings). */
export type FactCollections = Readonly<Record<string, (document: never) => Contribution[]>>;

function counted(dimensions: Dimensions, day: string, set: (counts: at.Counts) => void): Contribution[] {
  if (!day) return [];
  const counts = at.emptyCounts();
  set(counts);
  return [{ dimensions, day, counts }];
}

/** A watched case counts on the days it was received, accepted and concluded (approved or denied). */
export function watchContributions(w: WatchDocument): Contribution[] {
  const d: Dimensions = { regionCode: w.handlingRegionCode, department: w.handlingDepartment, hallId: w.hallId, itemCode: w.itemCode, itemName: w.itemName, channel: w.channel };
  const concluded = w.outcome === 'OUTCOME_APPROVED' || w.outcome === 'OUTCOME_DENIED';
  return [
    ...counted(d, w.receivedOn, (c) => (c[at.RECEIVED] = 1)),
    ...counted(d, w.acceptedOn, (c) => (c[at.ACCEPTED] = 1)),
    ...(concluded
      ? counted(d, w.concludedOn, (c) => {
          c[at.CONCLUDED] = 1;
          c[at.ON_TIME] = w.withinPromisedLimit ? 1 : 0;
          c[at.WITHIN_STATUTORY_LIMIT] = w.withinStatutoryLimit ? 1 : 0;
          c[at.WORKING_DAYS_USED] = w.workingDaysUsed;
        })
      : []),
  ];
}

/** An alert counts on the day it was raised, unless it was voided. */
export function alertContributions(a: AlertDocument): Contribution[] {
  if (a.voided) return [];
  const d: Dimensions = { regionCode: a.handlingRegionCode, department: a.handlingDepartment, hallId: a.hallId, itemCode: a.itemCode, itemName: a.itemName, channel: a.channel };
  return counted(d, a.raisedOn, (c) => (c[a.level === 'ALERT_LEVEL_RED' ? at.RED_ALERTS : at.YELLOW_ALERTS] = 1));
}

/** A rating counts on the day it was given, unless excluded on appeal. */
export function ratingContributions(r: RatingDocument): Contribution[] {
  if (r.excluded) return [];
  const d: Dimensions = { regionCode: r.handlingRegionCode, department: r.handlingDepartment, hallId: r.hallId, itemCode: r.itemCode, itemName: '', channel: r.caseChannel };
  return counted(d, r.ratedOn, (c) => {
    c[at.RATINGS] = 1;
    c[at.RATING_LEVELS + r.level - 1] = 1;
    if (!r.bad) return;
    c[at.BAD_RATINGS] = 1;
    c[at.RECTIFIED] = r.rectified ? 1 : 0;
    c[at.FOLLOWED_UP] = r.followedUp ? 1 : 0;
  });
}
