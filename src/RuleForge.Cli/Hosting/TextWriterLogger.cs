using Microsoft.Extensions.Logging;

namespace RuleForge.Cli.Hosting;

/// <summary>
/// Writes log events at or above a level to a text writer (the command's stderr), one line each, e.g.
/// <c>warning: budget status Warning: …</c>. Written by hand rather than with the console logger package because
/// that one writes to the process console, not to the <see cref="CliConsole"/> a command (and its tests) runs on.
/// </summary>
internal sealed class TextWriterLogger(TextWriter writer, LogLevel minimum = LogLevel.Warning) : ILogger
{
    // Several model sessions (a batch) may log at once.
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var label = logLevel switch
        {
            LogLevel.Warning => "warning",
            LogLevel.Error or LogLevel.Critical => "error",
            _ => "info",
        };
        lock (_lock)
        {
            writer.WriteLine($"{label}: {formatter(state, exception)}");
        }
    }
}
