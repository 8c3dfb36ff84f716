using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// What the worker's consumer did, as OpenTelemetry metrics (exported over OTLP when configured, readable with
/// `dotnet-counters monitor --counters PortfolioSample.Worker` either way), and a source for trace spans.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "PortfolioSample.Worker";

    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _processed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        // The factory owns the meter and disposes it with the service provider.
        var meter = meterFactory.Create(MeterName);
        _processed = meter.CreateCounter<long>("worker.messages.processed", "{message}", "Messages handled, including duplicates that changed nothing.");
        _retried = meter.CreateCounter<long>("worker.messages.retried", "{message}", "Failed attempts that will be retried.");
        _deadLettered = meter.CreateCounter<long>("worker.messages.dead_lettered", "{message}", "Messages moved to the dead letters.");
    }

    public void Processed(string type, bool duplicate) =>
        _processed.Add(1, new KeyValuePair<string, object?>("message.type", type), new KeyValuePair<string, object?>("duplicate", duplicate));

    public void Retried(string type) => _retried.Add(1, new KeyValuePair<string, object?>("message.type", type));

    public void DeadLettered(string type) => _deadLettered.Add(1, new KeyValuePair<string, object?>("message.type", type));
}
