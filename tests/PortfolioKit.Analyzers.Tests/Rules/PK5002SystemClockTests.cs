using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK5002SystemClockTests
{
    [Fact]
    public Task Reports_system_clock_reads_in_service_code() =>
        Verify<SystemClockInsteadOfTimeProviderAnalyzer>.LibraryAsync("""
            using System;

            public class Invoices
            {
                public bool IsOverdue(DateTime due) => due < {|PK5002:DateTime.UtcNow|};

                public DateTimeOffset Stamp() => {|PK5002:DateTimeOffset.Now|};

                public bool IsToday(DateTime value) => value.Date == {|PK5002:DateTime.Now|}.Date;
            }
            """);

    [Fact]
    public Task Ignores_time_provider_and_entity_defaults() =>
        Verify<SystemClockInsteadOfTimeProviderAnalyzer>.LibraryAsync("""
            using System;

            public class Order
            {
                public Order() => PlacedAt = DateTimeOffset.UtcNow;

                public DateTimeOffset PlacedAt { get; }

                public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
                private readonly DateTimeOffset _loaded = DateTimeOffset.UtcNow;
            }

            public class Invoices(TimeProvider time)
            {
                public bool IsOverdue(DateTimeOffset due) => due < time.GetUtcNow();
            }
            """);

    [Fact]
    public Task Ignores_a_clock_abstraction_implementation() =>
        Verify<SystemClockInsteadOfTimeProviderAnalyzer>.LibraryAsync("""
            using System;

            public interface IClock
            {
                DateTime UtcNow { get; }
            }

            public sealed class SystemClock : IClock
            {
                public DateTime UtcNow => DateTime.UtcNow;
            }

            public sealed class FrozenTime : TimeProvider
            {
                public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddDays(-1);
            }
            """);

    [Fact]
    public Task Ignores_other_date_members() =>
        Verify<SystemClockInsteadOfTimeProviderAnalyzer>.LibraryAsync("""
            using System;

            public class Calendar
            {
                public DateTime Min() => DateTime.MinValue;

                public DateTime Parse(string s) => DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<SystemClockInsteadOfTimeProviderAnalyzer>.IncompleteAsync("""
            class C { System.DateTime M() => System.DateTime.
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
