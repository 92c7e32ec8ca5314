using RuleForge.Cli.Hosting;

return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, Console.In, Console.IsOutputRedirected));
