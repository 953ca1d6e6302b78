namespace ChangeBot.Api;

internal static class SupportApiRegistration
{
    public static WebApplicationBuilder AddSupportApi(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapSupportApi(this WebApplication app) => app;
}
