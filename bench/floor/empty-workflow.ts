/**
 * The floor of one workflow per event: a workflow that takes an event and does nothing with
 * it. What two cores complete of these is what any design with a workflow per event can reach.
 */
export async function emptyEventWorkflow(_event: unknown): Promise<void> {}
