namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>The RabbitMQ broker `eng/services.sh start` runs on loopback (PK_TEST_RABBITMQ, an AMQP URI).</summary>
public static class Broker
{
    public const string Variable = "PK_TEST_RABBITMQ";

    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>On CI a missing broker is a failure, not a skip.</summary>
    public static string? SkipReason =>
        Uri is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{Variable} is not set: run `eval \"$(eng/services.sh start)\"` to start RabbitMQ on loopback.";
}
