/** What change detection asks of the deployer: put this tag live on this stage. */
export interface DeployRequest {
  readonly stageId: number;
  readonly tag: string;
  readonly digest?: string;
  readonly trigger: 'webhook' | 'poll';
  readonly reason?: string;
}

/** The deployer's durable queue. Anything it throws leaves the deploy unqueued and is reported. */
export interface DeployPort {
  enqueue(req: DeployRequest): Promise<{ readonly id: number }> | { readonly id: number };
}
