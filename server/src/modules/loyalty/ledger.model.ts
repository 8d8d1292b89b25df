// A model of one member's points account, for the model-based test (not loaded by the application).
// It restates the ledger's rules in the plainest way: lots in memory, operations as loops.
import type { Balances } from './ledger.types.ts';

export interface MLot {
  /** Creation order (lot ids grow with it): the last tie-break of spend order. */
  ord: number;
  realId: string;
  state: 'pending' | 'available';
  remaining: number;
  held: number;
  earnedAt: number;
  availableAt: number | null;
  expiresAt: number | null;
  source: string | null;
}

export interface MHold {
  realId: string;
  status: 'open' | 'captured' | 'voided';
  points: number;
  expiresAt: number;
  allocs: { lot: MLot; points: number }[];
}

const spendOrder = (a: MLot, b: MLot) =>
  (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY) ||
  a.earnedAt - b.earnedAt ||
  a.ord - b.ord;

export class Model {
  now: number;
  debt = 0;
  lots: MLot[] = [];
  holds: MHold[] = [];
  sources = new Map<string, { earned: number; reversed: number }>();
  private ord = 0;

  constructor(now: number) {
    this.now = now;
  }

  balances(): Balances {
    const sum = (f: (l: MLot) => number) => this.lots.reduce((s, l) => s + f(l), 0);
    return {
      available: sum((l) => (l.state === 'available' ? l.remaining : 0)),
      pending: sum((l) => (l.state === 'pending' ? l.remaining : 0)),
      held: sum((l) => l.held),
      debt: this.debt,
    };
  }

  private spendableLots(): MLot[] {
    return this.lots
      .filter(
        (l) => l.state === 'available' && l.remaining > 0 && (l.expiresAt === null || l.expiresAt > this.now),
      )
      .sort(spendOrder);
  }

  spendable(): number {
    return this.spendableLots().reduce((s, l) => s + l.remaining, 0);
  }

  private repay(lot: MLot): number {
    const r = Math.min(this.debt, lot.remaining);
    lot.remaining -= r;
    this.debt -= r;
    return r;
  }

  /** A new lot (earn or credit); returns it and what it repaid. */
  earn(points: number, o: { pendingUntil?: number | null; expiresAt: number | null; source: string | null }) {
    const pending = o.pendingUntil != null && o.pendingUntil > this.now;
    const lot: MLot = {
      ord: this.ord++,
      realId: '',
      state: pending ? 'pending' : 'available',
      remaining: points,
      held: 0,
      earnedAt: this.now,
      availableAt: o.pendingUntil ?? null,
      expiresAt: o.expiresAt,
      source: o.source,
    };
    this.lots.push(lot);
    if (o.source) {
      const s = this.sources.get(o.source) ?? { earned: 0, reversed: 0 };
      s.earned += points;
      this.sources.set(o.source, s);
    }
    const debtRepaid = pending ? 0 : this.repay(lot);
    return { lot, debtRepaid };
  }

  /** Takes points soonest-expiring first; null (nothing changed) when there are not enough. */
  take(points: number, hold: boolean): { lot: MLot; points: number }[] | null {
    if (this.spendable() < points) return null;
    const allocs: { lot: MLot; points: number }[] = [];
    let left = points;
    for (const lot of this.spendableLots()) {
      if (left === 0) break;
      const t = Math.min(lot.remaining, left);
      lot.remaining -= t;
      if (hold) lot.held += t;
      allocs.push({ lot, points: t });
      left -= t;
    }
    return allocs;
  }

  release(): void {
    const due = this.lots
      .filter((l) => l.state === 'pending' && l.availableAt !== null && l.availableAt <= this.now)
      .sort((a, b) => a.availableAt! - b.availableAt! || a.ord - b.ord);
    for (const lot of due) {
      lot.state = 'available';
      this.repay(lot);
    }
  }

  expire(): number {
    let n = 0;
    for (const l of this.lots)
      if (l.state === 'available' && l.remaining > 0 && l.expiresAt !== null && l.expiresAt <= this.now) {
        n += l.remaining;
        l.remaining = 0;
      }
    return n;
  }

  /** The outcome a capture or void must have: 'act', 'replay' or 'conflict'. */
  closeOutcome(h: MHold, kind: 'capture' | 'void'): 'act' | 'replay' | 'conflict' {
    const target = kind === 'capture' ? 'captured' : 'voided';
    if (h.status === target) return 'replay';
    if (h.status !== 'open') return 'conflict';
    if (kind === 'capture' && h.expiresAt <= this.now) return 'conflict';
    return 'act';
  }

  close(h: MHold, kind: 'capture' | 'void'): void {
    for (const a of h.allocs) {
      a.lot.held -= a.points;
      if (kind === 'void') a.lot.remaining += a.points;
    }
    h.status = kind === 'capture' ? 'captured' : 'voided';
  }

  sweep(): number {
    const due = this.holds.filter((h) => h.status === 'open' && h.expiresAt <= this.now);
    for (const h of due) this.close(h, 'void');
    return due.length;
  }

  /** Reverses a source by points or cumulative share; returns what the ledger must answer. */
  reverse(source: string, by: { points?: number; share?: [number, number] }) {
    const s = this.sources.get(source) ?? { earned: 0, reversed: 0 };
    const want = by.share
      ? Math.max(0, Math.floor((s.earned * by.share[0]) / by.share[1]) - s.reversed)
      : Math.min(by.points!, s.earned - s.reversed);
    let fromLots = 0;
    const own = this.lots
      .filter((l) => l.source === source && l.remaining > 0)
      .sort((a, b) => (a.state !== b.state ? (a.state === 'pending' ? -1 : 1) : spendOrder(a, b)));
    for (const lot of own) {
      const t = Math.min(lot.remaining, want - fromLots);
      if (t <= 0) continue;
      lot.remaining -= t;
      fromLots += t;
    }
    this.debt += want - fromLots;
    if (want > 0) this.sources.set(source, { earned: s.earned, reversed: s.reversed + want });
    return { points: want, fromLots, debt: want - fromLots };
  }
}
