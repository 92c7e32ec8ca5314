using Xunit.Abstractions;
using Xunit.Sdk;

namespace RuleForge.Testing.Postgres;

/// <summary>Finds <see cref="DatabaseFactAttribute"/> tests and skips them on <see cref="IUsesPostgres"/> classes when PostgreSQL is unavailable.</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var skip = type is not null && typeof(IUsesPostgres).IsAssignableFrom(type) ? PostgresServer.SkipReason : null;
        if (skip is not null)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skip)];
        }

        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
