using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>The "RabbitMq" configuration section; the broker address is the connection string "RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>The broker, as an AMQP URI: amqp://user:password@host:5672/vhost.</summary>
    [Required]
    public Uri? ConnectionString { get; set; }

    /// <summary>
    /// The durable queue that publishers send to and consumers take from. Each app names its own in appsettings.json,
    /// after the messages it carries.
    /// </summary>
    [Required]
    public string QueueName { get; set; } = string.Empty;

    /// <summary>How many unacknowledged messages the broker sends each consumer ahead of its acknowledgements.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 16;
}
