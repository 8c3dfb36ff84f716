using PortfolioKit.Analyzers.Security;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK4002WeakPasswordHashingTests
{
    [Fact]
    public Task Reports_fast_hashes_of_passwords() =>
        Verify<WeakPasswordHashingAnalyzer>.LibraryAsync("""
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public record Register(string Email, string Password);

            public class Accounts
            {
                public string Hash(Register request, byte[] salt) =>
                    Convert.ToHexString({|PK4002:SHA256.HashData(Encoding.UTF8.GetBytes(request.Password + Convert.ToBase64String(salt)))|});

                public byte[] Legacy(string password)
                {
                    using var md5 = MD5.Create();
                    return {|PK4002:md5.ComputeHash(Encoding.UTF8.GetBytes(password))|};
                }

                public void Store(User user, byte[] bytes) => user.PasswordHash = Convert.ToBase64String({|PK4002:SHA1.HashData(bytes)|});
            }

            public class User
            {
                public string PasswordHash { get; set; } = "";
            }
            """);

    [Fact]
    public Task Reports_pbkdf2_below_the_current_iteration_counts() =>
        Verify<WeakPasswordHashingAnalyzer>.LibraryAsync("""
            using System.Security.Cryptography;

            public class Derivation
            {
                public byte[] Default(string password, byte[] salt) => {|PK4002:new Rfc2898DeriveBytes(password, salt)|}.GetBytes(32);

                public byte[] Low(string password, byte[] salt) =>
                    {|PK4002:Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, 32)|};

                public byte[] Current(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

                public byte[] Sha512(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 210_000, HashAlgorithmName.SHA512, 64);
            }
            """);

    [Fact]
    public Task Reports_a_password_stored_as_plain_text_in_an_entity() =>
        Verify<WeakPasswordHashingAnalyzer>.LibraryAsync("""
            using Microsoft.EntityFrameworkCore;

            public record SignUp(string Email, string Password);

            public class Member
            {
                public int Id { get; set; }
                public string Email { get; set; } = "";
                public string Password { get; set; } = "";
            }

            public class Db(DbContextOptions<Db> options) : DbContext(options)
            {
                public DbSet<Member> Members => Set<Member>();
            }

            public class SignUps(Db db)
            {
                public void Add(SignUp request) => db.Members.Add(new Member { Email = request.Email, {|PK4002:Password = request.Password|} });
            }
            """);

    [Fact]
    public Task Ignores_hashes_of_other_data_and_passwords_hashed_properly() =>
        Verify<WeakPasswordHashingAnalyzer>.LibraryAsync("""
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Content
            {
                public string ETag(byte[] body) => Convert.ToHexString(SHA256.HashData(body));

                public string CacheKey(string query) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(query)));

                public string ResetToken(string passwordResetCode) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passwordResetCode)));

                public byte[] Argon(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 1_300_000, HashAlgorithmName.SHA1, 32);
            }

            public class Member
            {
                public string Password { get; set; } = "";
            }

            public class NotAnEntity
            {
                public void Copy(Member member, string password) => member.Password = password;
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<WeakPasswordHashingAnalyzer>.IncompleteAsync("""
            using System.Security.Cryptography;
            class C { byte[] M(string password) => {|PK4002:SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password|}
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
