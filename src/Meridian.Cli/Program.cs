using Meridian.Cli;

return await MeridianApp.RunAsync(args, Terminal.ForConsole());
