using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

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
