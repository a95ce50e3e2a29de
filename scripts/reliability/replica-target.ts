import { type Endpoints, connect } from '../lib/channel-clients.ts';
import type { Random } from './prng.ts';
import type { Clients, Target } from './workload.ts';

type Service = keyof Endpoints;
const SERVICES: readonly Service[] = ['acceptance', 'approval', 'supervision', 'notification'];

/**
 * Several replicas of each service, as a load balancer spreads calls over them: each call goes to
 * a replica of each service picked at random among those up. A kill takes its replica out (and
 * counts calls in flight as interrupted), a restart puts the new process in.
 */
export class ReplicaTarget implements Target {
  readonly #random: Random;
  readonly #up = new Map<Service, Map<number, string>>(SERVICES.map((service) => [service, new Map()]));
  /** Clients per combination of replicas, made once. */
  readonly #clients = new Map<string, Clients>();
  #generation = 0;
  #waiters: Array<() => void> = [];

  constructor(random: Random) {
    this.#random = random;
  }

  get generation(): number {
    return this.#generation;
  }

  up(service: Service, replica: number, endpoint: string): void {
    this.#up.get(service)!.set(replica, endpoint);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Before a kill: calls in flight count as interrupted, whichever replica they went to. */
  down(service: Service, replica: number): void {
    this.#generation += 1;
    this.#up.get(service)!.delete(replica);
  }

  async current(): Promise<{ clients: Clients; generation: number }> {
    while (SERVICES.some((service) => this.#up.get(service)!.size === 0)) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    const endpoints = Object.fromEntries(SERVICES.map((service) => [service, this.#random.pick([...this.#up.get(service)!.values()])])) as unknown as Endpoints;
    const key = SERVICES.map((service) => endpoints[service]).join(' ');
    let clients = this.#clients.get(key);
    if (!clients) this.#clients.set(key, (clients = connect(endpoints)));
    return { clients, generation: this.#generation };
  }

  close(): void {
    for (const clients of this.#clients.values()) clients.close();
    this.#clients.clear();
  }
}
