using ChangeBot.Cli;
using ChangeBot.Hosting;

// One executable: with no command (or only host options such as --urls) it is the server;
// otherwise it is the CLI (serve, check, notices, ask). Bad settings end either with exit code 78.
return CliApp.IsServerInvocation(args)
    ? await StartupErrors.RunServerAsync(args, Console.Error)
    : await CliApp.RunAsync(args);

/// <summary>Entry point type, public so WebApplicationFactory&lt;Program&gt; can find it.</summary>
public partial class Program;
