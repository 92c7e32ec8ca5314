namespace RuleForge.Cli.Hosting;

/// <summary>The streams a command talks to; injected so tests run commands in process.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool IsOutputRedirected);
