using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Worker.Messaging.RabbitMq;

/// <summary>The "RabbitMq" configuration section; the broker address is the connection string "RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>The broker, as an AMQP URI: amqp://user:password@host:5672/vhost.</summary>
    [Required]
    public Uri? ConnectionString { get; set; }

    /// <summary>The durable queue the worker consumes (and the intake endpoint publishes to).</summary>
    [Required]
    public string QueueName { get; set; } = "stock.received";

    /// <summary>How many unacknowledged messages the broker sends this worker ahead of its acknowledgements.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 16;
}
