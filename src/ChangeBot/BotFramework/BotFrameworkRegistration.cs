namespace ChangeBot.BotFramework;

internal static class BotFrameworkRegistration
{
    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapBotFramework(this WebApplication app) => app;
}
