using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace PortfolioKit.Analyzers.Infrastructure;

/// <summary>A database or message broker: the words a README uses for it and the client packages/assemblies that use it.</summary>
internal sealed class Technology
{
    public Technology(string name, string words, params string[] clients)
    {
        Name = name;
        Words = new Regex(@"\b(?:" + words + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
        Clients = clients.ToImmutableArray();
    }

    public string Name { get; }

    public Regex Words { get; }

    /// <summary>Package ids and assembly names; a name matches when it is one of them or starts with one followed by a dot.</summary>
    public ImmutableArray<string> Clients { get; }

    public bool IsClient(string packageOrAssembly)
    {
        foreach (var client in Clients)
        {
            if (packageOrAssembly.StartsWith(client, StringComparison.OrdinalIgnoreCase)
                && (packageOrAssembly.Length == client.Length || packageOrAssembly[client.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The databases and brokers that PK9007 cross-checks between a README's tech stack and the code.</summary>
internal static class TechStack
{
    public static ImmutableArray<Technology> Technologies { get; } = ImmutableArray.Create(
        new Technology("PostgreSQL", @"postgres(?:ql)?|npgsql|pgsql", "Npgsql"),
        new Technology("MySQL", @"mysql|mariadb", "MySql.Data", "MySqlConnector", "MySql.EntityFrameworkCore", "Pomelo.EntityFrameworkCore.MySql"),
        new Technology("SQLite", @"sqlite", "Microsoft.Data.Sqlite", "Microsoft.EntityFrameworkCore.Sqlite", "System.Data.SQLite"),
        new Technology("SQL Server", @"sql\s?server|mssql|azure\s+sql", "Microsoft.Data.SqlClient", "System.Data.SqlClient", "Microsoft.EntityFrameworkCore.SqlServer"),
        new Technology("MongoDB", @"mongo(?:db)?", "MongoDB.Driver", "MongoDB.EntityFrameworkCore"),
        new Technology("Redis", @"redis|valkey", "StackExchange.Redis", "Microsoft.Extensions.Caching.StackExchangeRedis"),
        new Technology("RabbitMQ", @"rabbit\s?mq", "RabbitMQ.Client", "MassTransit.RabbitMQ", "EasyNetQ"),
        new Technology("Kafka", @"kafka", "Confluent.Kafka"),
        new Technology("Azure Service Bus", @"service\s?bus", "Azure.Messaging.ServiceBus", "MassTransit.Azure.ServiceBus.Core"),
        new Technology("Amazon SQS", @"sqs|simple\s+queue\s+service", "AWSSDK.SQS", "MassTransit.AmazonSQS"));
}
