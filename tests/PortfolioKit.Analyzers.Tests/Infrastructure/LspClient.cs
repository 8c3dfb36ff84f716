using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>
/// A minimal Language Server Protocol client over a server's standard input and output: requests with ids,
/// notifications, and answers to the server's own requests (<c>workspace/configuration</c> from the settings given,
/// anything else with null). Enough to drive a C# language server the way an editor does.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>();
    private readonly JsonObject _settings;
    private readonly StringBuilder _log = new();
    private int _nextId;

    private LspClient(Process process, JsonObject settings)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _settings = settings;
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        });
    }

    /// <summary>What the server wrote to standard error and in window/logMessage, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="settings">The answer to <c>workspace/configuration</c>, by section (<c>{"csharp": {...}}</c>).</param>
    public static LspClient Start(string executable, string workingDirectory, JsonObject settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new LspClient(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}."), settings);
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = await NextAsync(cancellation.Token);
            if (message["id"]?.GetValue<int>() == id && message["method"] is null)
            {
                return message["error"] is { } error ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}") : message["result"];
            }
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var id = Interlocked.Increment(ref _nextId);
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "shutdown" });
            await NotifyAsync("exit", null);
            await _process.WaitForExitAsync(quick.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The server is stopped below either way.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>The next response or notification; the server's requests are answered on the way.</summary>
    private async Task<JsonObject> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cancellationToken);
            if (message["method"]?.GetValue<string>() is { } method && message["id"] is { } id)
            {
                await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = Answer(method, message["params"]) });
                continue;
            }

            if (message["method"]?.GetValue<string>() == "window/logMessage")
            {
                lock (_log)
                {
                    _log.AppendLine(message["params"]?["message"]?.GetValue<string>());
                }
            }

            return message;
        }
    }

    private JsonArray? Answer(string method, JsonNode? parameters)
    {
        if (method != "workspace/configuration")
        {
            return null;
        }

        var answers = new JsonArray();
        foreach (var item in parameters?["items"]?.AsArray() ?? new JsonArray())
        {
            var section = item?["section"]?.GetValue<string>() ?? string.Empty;
            answers.Add(_settings[section]?.DeepClone());
        }

        return answers;
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _input.WriteAsync(header);
        await _input.WriteAsync(body);
        await _input.FlushAsync();
    }

    private async Task ReadLoopAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (await ReadHeaderAsync(output) is { } length)
            {
                var body = new byte[length];
                await output.ReadExactlyAsync(body);
                if (JsonNode.Parse(body) is JsonObject message)
                {
                    await _messages.Writer.WriteAsync(message);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or EndOfStreamException or System.Text.Json.JsonException)
        {
            // The server went away; pending requests time out.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private static async Task<int?> ReadHeaderAsync(Stream output)
    {
        int? length = null;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await output.ReadAsync(one) == 0)
            {
                return null;
            }

            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString().TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                return length;
            }

            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
