import Foundation
public import IngestCore
public import Logging
public import ServiceLifecycle
import Synchronization

/// The ingest job worker: receives jobs, validates them, dispatches them through the connector
/// registry, keeps each message invisible while its job runs, deletes it on success, records job
/// status and counts, and dead-letters what cannot run.
///
/// On graceful shutdown it stops receiving, cancels running jobs (their checkpoints hold every
/// stored page) and makes their messages visible again at once, so another worker resumes them.
public final class IngestWorker: Service {
    let stores: WorkerStores
    let registry: ConnectorRegistry
    let configuration: WorkerConfiguration
    let logger: Logger
    let events: @Sendable (WorkerEvent) -> Void
    /// Lanes running a job right now.
    private let busy = Atomic<Int>(0)
    /// Set on graceful shutdown: lanes take no new job; extractors stop at their next page.
    private let stopping = Atomic<Bool>(false)
    /// Triggered with `stopping`: ends the running jobs' retry backoffs and rate-budget waits at once.
    private let shutdownSignal = ShutdownSignal()

    private var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    public init(
        stores: WorkerStores,
        registry: ConnectorRegistry,
        configuration: WorkerConfiguration,
        logger: Logger,
        events: @escaping @Sendable (WorkerEvent) -> Void = { _ in }
    ) {
        self.stores = stores
        self.registry = registry
        self.configuration = configuration
        self.logger = logger
        self.events = events
    }

    public func run() async throws {
        logger.info(
            "worker started",
            metadata: [
                "worker.concurrency": "\(configuration.concurrency)",
                "worker.until_empty": "\(configuration.untilEmpty)",
            ]
        )
        try await withGracefulShutdownHandler {
            if configuration.runsSchedules && configuration.untilEmpty { await runDueSchedules() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<configuration.concurrency {
                    group.addTask { try await self.runLane(lane) }
                }
                if configuration.runsSchedules && !configuration.untilEmpty {
                    group.addTask {
                        while !Task.isCancelled && !self.isStopping {
                            await self.runDueSchedules()
                            try? await self.shutdownSignal.sleep(for: self.configuration.scheduleInterval)
                        }
                    }
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .sequentiallyConsistent)
            self.shutdownSignal.trigger()
            self.logger.info(
                "worker stopping: no new jobs; running jobs stop at their next page and go back on the queue"
            )
        }
        logger.info("worker stopped")
    }

    /// One lane runs one job at a time. With `untilEmpty`, a lane returns when a receive finds
    /// nothing while no other lane is running a job (a running job may still release its message).
    private func runLane(_ lane: Int) async throws {
        while !Task.isCancelled && !isStopping {
            let messages: [QueueMessage]
            let receiveStarted = ContinuousClock.now
            do {
                // A long poll must not hold up a shutdown: it is cancelled when one begins.
                let queue = stores.queue
                let configuration = self.configuration
                messages = try await cancelWhenGracefulShutdown {
                    try await queue.receive(
                        maxMessages: 1,
                        visibilityTimeout: configuration.visibilityTimeout,
                        wait: configuration.untilEmpty ? .milliseconds(250) : configuration.receiveWait
                    )
                }
                let elapsed = ContinuousClock.now - receiveStarted
                WorkerMetrics.receive(
                    nanoseconds: elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds
                        / 1_000_000_000,
                    messages: messages.count
                )
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled || isStopping { return }
                logger.error("receiving from the queue failed", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(2))
                continue
            }
            if isStopping {
                // Received as the shutdown began: give it straight back.
                for message in messages {
                    await cleanup { try await self.stores.queue.changeVisibility(message, timeout: .zero) }
                }
                return
            }
            guard let message = messages.first else {
                if configuration.untilEmpty && busy.load(ordering: .sequentiallyConsistent) == 0 {
                    let depth = try await stores.queue.approximateDepth()
                    if depth.visible == 0 && depth.inFlight == 0 { return }
                }
                continue
            }
            WorkerMetrics.running(busy.add(1, ordering: .sequentiallyConsistent).newValue)
            await handle(message)
            WorkerMetrics.running(busy.subtract(1, ordering: .sequentiallyConsistent).newValue)
        }
    }

    /// Runs one message to its end: done (deleted), failed (deleted, recorded), released for a
    /// retry, or dead-lettered.
    func handle(_ message: QueueMessage) async {
        let job: IngestJob
        let connector: Connector
        let config: any BackfillIngestConfig
        do {
            job = try IngestJob.decode(message.body)
        } catch {
            await deadLetter(message, job: nil, reason: "invalid job message: \(error)")
            return
        }
        do {
            (connector, config) = try registry.validate(job)
        } catch {
            await deadLetter(message, job: job, reason: "invalid job message: \(error)")
            return
        }

        // Never let one tenant's job read or overwrite another's record, checkpoint or failures. A
        // record that cannot be read leaves that unchecked, so the job does not start: its message
        // goes back on the queue for a later attempt.
        let existing: JobRecord?
        do {
            existing = try await stores.jobRecords.job(job.jobID)
        } catch {
            let delay = retryDelay(after: message)
            logger.error(
                "could not read the job's record; the job did not start and its message goes back on the queue",
                metadata: ["job.id": "\(job.jobID)", "error": "\(error)", "retry.after_s": "\(Int(delay.seconds))"]
            )
            await cleanup { try await self.stores.queue.changeVisibility(message, timeout: delay) }
            return
        }
        if let conflict = job.idConflict(with: existing) {
            await deadLetter(message, job: nil, reason: "invalid job message: \(conflict)")
            return
        }

        // One job per tenant and connector at a time: a second one waits for the first.
        let leases = stores.leases
        let leaseTTL = configuration.visibilityTimeout * 2
        let documentSource = connector.documentSource
        do {
            if let holder = try await leases.acquireLease(
                tenantID: job.tenantID,
                source: documentSource,
                jobID: job.jobID,
                ttl: leaseTTL,
                now: Date()
            ) {
                await wait(message, job: job, behind: holder)
                return
            }
        } catch {
            let delay = retryDelay(after: message)
            logger.error(
                "could not take the tenant's connector lease; the job did not start and its message goes back on the queue",
                metadata: ["job.id": "\(job.jobID)", "error": "\(error)", "retry.after_s": "\(Int(delay.seconds))"]
            )
            await cleanup { try await self.stores.queue.changeVisibility(message, timeout: delay) }
            return
        }

        var logger = self.logger
        logger[metadataKey: "job.id"] = "\(job.jobID)"
        logger[metadataKey: "tenant.id"] = "\(job.tenantID)"
        logger[metadataKey: "job.source"] = "\(job.source)"
        let record = Mutex(await startRecord(for: job, existing: existing, receiveCount: message.receiveCount))
        logger.info("job started", metadata: ["job.attempt": "\(message.receiveCount)"])
        events(.started(jobID: job.jobID.rawValue, tenantID: job.tenantID.rawValue, source: job.source))

        let jobRecords = stores.jobRecords
        let events = self.events
        let context = JobContext(
            jobID: job.jobID,
            tenantID: job.tenantID,
            artifacts: stores.artifacts,
            searchIndex: stores.searchIndex,
            checkpoints: stores.checkpoints,
            jobRecords: stores.jobRecords,
            syncStates: stores.syncStates,
            secrets: stores.secrets,
            logger: logger,
            progress: { progress in
                let snapshot = record.withLock { record in
                    WorkerMetrics.items(from: record.counts, to: progress.counts)
                    record.counts = progress.counts
                    record.expectedTotal = progress.expectedTotal ?? record.expectedTotal
                    record.updatedAt = Date()
                    return record
                }
                try? await jobRecords.updateJob(snapshot)
                events(
                    .progress(
                        jobID: snapshot.jobID.rawValue,
                        counts: .init(progress.counts),
                        expectedTotal: snapshot.expectedTotal
                    )
                )
            },
            isStopping: { [weak self] in self?.isStopping ?? true }
        )

        let shutdownSignal = self.shutdownSignal
        let renewLease: @Sendable () async throws -> Void = { [logger] in
            if let holder = try await leases.acquireLease(
                tenantID: job.tenantID,
                source: documentSource,
                jobID: job.jobID,
                ttl: leaseTTL,
                now: Date()
            ) {
                // Heartbeats failed for longer than the lease lasts and another job took it.
                logger.warning(
                    "the job's tenant-and-connector lease expired and another job holds it",
                    metadata: ["job.running": "\(holder.jobID)"]
                )
            }
        }
        let outcome: Result<JobCounts, any Error> = await runWithHeartbeat(message, renew: renewLease) {
            // Waits for time inside the job (backoffs, budget waits) end when the shutdown begins.
            try await ShutdownSignal.$current.withValue(shutdownSignal) {
                try await connector.runJob(config, context)
            }
        }
        var final = record.withLock { $0 }
        final.updatedAt = Date()
        switch outcome {
        case .success(let counts):
            final.status = .succeeded
            final.counts = counts
            final.error = nil
            final.finishedAt = Date()
            await cleanup { try await self.stores.queue.delete(message) }
            logger.info("job succeeded", metadata: Self.metadata(counts))
        case .failure(let error as IngestError) where !error.isRetryable:
            final.status = .failed
            final.error = error.message
            final.finishedAt = Date()
            await cleanup { try await self.stores.queue.delete(message) }
            logger.error("job failed", metadata: ["error.code": "\(error.code)", "error.message": "\(error.message)"])
        case .failure(let error) where error is CancellationError || Task.isCancelled || isStopping:
            final.status = .queued
            final.error = "interrupted by worker shutdown; resumes from its checkpoint"
            await cleanup { try await self.stores.queue.changeVisibility(message, timeout: .zero) }
            logger.warning("job interrupted by shutdown; message released")
        case .failure(let error) where message.receiveCount >= configuration.maxAttempts:
            // Retryable, but it has failed on every attempt it was allowed: it ends here, with its
            // reason, and its message is kept as a dead letter (`ingest dlq redrive` runs it again).
            let reason =
                "gave up after \(message.receiveCount) attempt\(message.receiveCount == 1 ? "" : "s"): \(error)"
            final.status = .failed
            final.error = reason
            final.finishedAt = Date()
            await cleanup { try await self.stores.queue.deadLetter(message, reason: reason) }
            logger.error("job failed", metadata: ["error.code": "attempts_exhausted", "error.message": "\(reason)"])
        case .failure(let error):
            final.status = .retrying
            final.error = "\(error)"
            let delay = retryDelay(after: message)
            await cleanup { try await self.stores.queue.changeVisibility(message, timeout: delay) }
            logger.warning(
                "job attempt failed; it will be retried",
                metadata: ["error": "\(error)", "retry.after_s": "\(Int(delay.seconds))"]
            )
        }
        await cleanup { [final] in try await jobRecords.updateJob(final) }
        await cleanup {
            try await leases.releaseLease(tenantID: job.tenantID, source: documentSource, jobID: job.jobID)
        }
        WorkerMetrics.job(outcome: final.status.rawValue)
        events(
            .finished(
                jobID: job.jobID.rawValue,
                status: final.status.rawValue,
                counts: .init(final.counts),
                error: final.error
            )
        )
    }

    /// How long a message stays invisible before its next attempt: longer after each receive.
    private func retryDelay(after message: QueueMessage) -> Duration {
        configuration.retryDelay * message.receiveCount
    }

    /// Runs `body` while renewing the message's visibility (and the job's lease) every heartbeat interval.
    private func runWithHeartbeat(
        _ message: QueueMessage,
        renew: @escaping @Sendable () async throws -> Void,
        _ body: @escaping @Sendable () async throws -> JobCounts
    ) async -> Result<JobCounts, any Error> {
        let queue = stores.queue
        let configuration = self.configuration
        let logger = self.logger
        do {
            let counts = try await withThrowingTaskGroup(of: JobCounts?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: configuration.heartbeatInterval)
                        do {
                            try await queue.changeVisibility(message, timeout: configuration.visibilityTimeout)
                            try await renew()
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            logger.warning(
                                "heartbeat failed to extend the message's visibility",
                                metadata: ["error": "\(error)"]
                            )
                        }
                    }
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let counts = result { return counts }
                }
                throw CancellationError()
            }
            return .success(counts)
        } catch {
            return .failure(error)
        }
    }

    /// Puts a job whose tenant and connector are busy back on the queue as a new message, visible
    /// after ``WorkerConfiguration/leaseWaitDelay``: waiting is not an attempt and does not raise the
    /// message's receive count toward the queue's dead-letter limit.
    private func wait(_ message: QueueMessage, job: IngestJob, behind holder: LeaseHolder) async {
        let delay = configuration.leaseWaitDelay
        logger.info(
            "job waits: another job of the same tenant and connector is running",
            metadata: [
                "job.id": "\(job.jobID)", "tenant.id": "\(job.tenantID)", "job.running": "\(holder.jobID)",
                "retry.after_s": "\(Int(delay.seconds))",
            ]
        )
        do {
            _ = try await stores.queue.send(message.body, delay: delay)
            await cleanup { try await self.stores.queue.delete(message) }
        } catch {
            // Not re-sent: the same message comes back after the delay instead.
            logger.warning(
                "could not re-enqueue the waiting job; its message comes back",
                metadata: ["error": "\(error)"]
            )
            await cleanup { try await self.stores.queue.changeVisibility(message, timeout: delay) }
        }
        events(.waiting(jobID: job.jobID.rawValue, behind: holder.jobID))
    }

    /// Enqueues a sync for each due schedule whose previous sync is done, once across all workers
    /// (the claim is a compare-and-set on the due time). A schedule waits while its tenant has no sync
    /// mark yet (no full backfill).
    func runDueSchedules() async {
        let due: [Schedule]
        do {
            due = try await stores.schedules.dueSchedules(now: Date())
        } catch {
            logger.warning("could not read due schedules", metadata: ["error": "\(error)"])
            return
        }
        for schedule in due {
            do {
                try await enqueueSync(for: schedule)
            } catch {
                logger.warning(
                    "could not enqueue a scheduled sync",
                    metadata: [
                        "tenant.id": "\(schedule.tenantID)", "connector": "\(schedule.connector)", "error": "\(error)",
                    ]
                )
            }
        }
    }

    private func enqueueSync(for schedule: Schedule) async throws {
        guard let connector = registry.connector(key: schedule.connector), let sync = connector.sync else {
            logger.warning(
                "a schedule names a connector without a sync",
                metadata: ["connector": "\(schedule.connector)"]
            )
            return
        }
        if let last = schedule.lastJobID, let id = try? JobID(last), let record = try await stores.jobRecords.job(id),
            [.queued, .running, .retrying].contains(record.status)
        {
            return  // the previous sync is still queued or running
        }
        let state = try await stores.syncStates.syncState(tenantID: schedule.tenantID, source: connector.documentSource)
        guard state?.changesMark != nil else {
            logger.debug(
                "scheduled sync waits for a first full backfill",
                metadata: ["tenant.id": "\(schedule.tenantID)"]
            )
            return
        }
        let job = IngestJob(config: try sync.validate(schedule.tenantID, [:]), jobID: .random())
        guard try await stores.schedules.claim(schedule, jobID: job.jobID, now: Date()) else { return }
        try await stores.jobRecords.createJob(
            JobRecord(
                jobID: job.jobID,
                tenantID: job.tenantID,
                source: job.source,
                config: job.configFields,
                status: .queued
            )
        )
        _ = try await stores.queue.send(job.encode())
        logger.info(
            "scheduled sync enqueued",
            metadata: [
                "tenant.id": "\(schedule.tenantID)", "connector": "\(schedule.connector)", "job.id": "\(job.jobID)",
            ]
        )
    }

    private func startRecord(for job: IngestJob, existing: JobRecord?, receiveCount: Int) async -> JobRecord {
        var record =
            existing
            ?? JobRecord(
                jobID: job.jobID,
                tenantID: job.tenantID,
                source: job.source,
                config: job.configFields,
                status: .queued
            )
        record.status = .running
        record.attempts = max(record.attempts + 1, receiveCount)
        record.startedAt = record.startedAt ?? Date()
        record.finishedAt = nil
        record.updatedAt = Date()
        await cleanup { [record] in try await self.stores.jobRecords.updateJob(record) }
        return record
    }

    private func deadLetter(_ message: QueueMessage, job: IngestJob?, reason: String) async {
        logger.warning("message dead-lettered", metadata: ["queue.message_id": "\(message.id)", "reason": "\(reason)"])
        await cleanup { try await self.stores.queue.deadLetter(message, reason: reason) }
        if let job {
            var record =
                (try? await stores.jobRecords.job(job.jobID))
                ?? JobRecord(
                    jobID: job.jobID,
                    tenantID: job.tenantID,
                    source: job.source,
                    config: job.configFields,
                    status: .deadLettered
                )
            record.status = .deadLettered
            record.error = reason
            record.finishedAt = Date()
            record.updatedAt = Date()
            await cleanup { [record] in try await self.stores.jobRecords.updateJob(record) }
        }
        WorkerMetrics.job(outcome: JobRecord.Status.deadLettered.rawValue)
        events(.deadLettered(messageID: message.id, reason: reason))
    }

    /// Runs bookkeeping that must happen even while the worker is being cancelled.
    private func cleanup(_ operation: @escaping @Sendable () async throws -> Void) async {
        let logger = self.logger
        await Task.detached {
            do {
                try await operation()
            } catch {
                logger.error("bookkeeping after a job failed", metadata: ["error": "\(error)"])
            }
        }.value
    }

    static func metadata(_ counts: JobCounts) -> Logger.Metadata {
        [
            "job.pages": "\(counts.pages)", "job.stored": "\(counts.stored)", "job.updated": "\(counts.updated)",
            "job.unchanged": "\(counts.unchanged)", "job.missing": "\(counts.missing)",
            "job.failed": "\(counts.failed)", "job.deleted": "\(counts.deleted)",
        ]
    }
}

extension JobCountsSnapshot {
    init(_ counts: JobCounts) {
        self.init(
            pages: counts.pages,
            stored: counts.stored,
            updated: counts.updated,
            unchanged: counts.unchanged,
            missing: counts.missing,
            failed: counts.failed,
            deleted: counts.deleted
        )
    }
}
