using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CodeFixes;

public class SystemClockCodeFixTests
{
    [Fact]
    public Task Uses_a_primary_constructor_time_provider() =>
        VerifyFix<SystemClockInsteadOfTimeProviderAnalyzer, SystemClockCodeFixProvider>.LibraryAsync("""
            using System;

            public class Invoices(TimeProvider clock)
            {
                public bool IsOverdue(DateTime due) => due < {|PK5002:DateTime.UtcNow|};

                public DateTimeOffset Stamp() => {|PK5002:DateTimeOffset.UtcNow|};
            }
            """, """
            using System;

            public class Invoices(TimeProvider clock)
            {
                public bool IsOverdue(DateTime due) => due < clock.GetUtcNow().UtcDateTime;

                public DateTimeOffset Stamp() => clock.GetUtcNow();
            }
            """);

    [Fact]
    public Task Uses_a_field_or_a_parameter() =>
        VerifyFix<SystemClockInsteadOfTimeProviderAnalyzer, SystemClockCodeFixProvider>.LibraryAsync("""
            using System;

            public class Invoices
            {
                private readonly TimeProvider _time;

                public Invoices(TimeProvider time) => _time = time;

                public DateTime Now() => {|PK5002:DateTime.Now|};

                public static DateTime Due(TimeProvider provider, int days) => {|PK5002:DateTime.UtcNow|}.AddDays(days);
            }
            """, """
            using System;

            public class Invoices
            {
                private readonly TimeProvider _time;

                public Invoices(TimeProvider time) => _time = time;

                public DateTime Now() => _time.GetLocalNow().DateTime;

                public static DateTime Due(TimeProvider provider, int days) => provider.GetUtcNow().UtcDateTime.AddDays(days);
            }
            """);

    [Fact]
    public Task No_fix_without_a_time_provider_or_from_static_code() =>
        VerifyFix<SystemClockInsteadOfTimeProviderAnalyzer, SystemClockCodeFixProvider>.NoFixAsync("""
            using System;

            public class Invoices
            {
                private readonly TimeProvider _time = TimeProvider.System;

                public static DateTime Now() => {|PK5002:DateTime.UtcNow|};
            }

            public class Reports
            {
                public DateTime Now() => {|PK5002:DateTime.UtcNow|};
            }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
