namespace ChangeBot.Api;

internal static class SupportApiRegistration
{
    public static WebApplicationBuilder AddSupportApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiTokens>();
        return builder;
    }

    public static WebApplication MapSupportApi(this WebApplication app) => app;
}
