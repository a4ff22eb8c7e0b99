package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.HeldUpload;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * While an upload is read and decoded, which can take seconds, it holds no database transaction: no
 * connection waits idle in one, and no row stays locked.
 */
@SoukTest
@Import(WithMailbox.class)
class UploadOutsideTransactionsTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theListingIsNotLockedWhileItsNewPhotoIsDecoded() throws Exception {
        Http http = new Http(port);
        Signed owner = Members.verifiedMember(http, "Slow Uploader");
        TestCatalog catalog = new TestCatalog(marketplace);
        UUID id = UUID.fromString(Members.field(
                http.postJson("/api/v1/listings", catalog.completeStay("Slow photo"), owner.auth())
                        .body(),
                "id"));
        HeldUpload upload = new HeldUpload(TestCatalog.png(400, 300));
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            Future<ListingPhoto> photo = uploader.submit(() -> listings.addPhoto(owner.id(), id, upload));
            assertThat(upload.started.await(10, TimeUnit.SECONDS)).isTrue();

            // NOWAIT fails at once if anyone holds the row
            UUID locked =
                    transactions.execute(tx -> jdbc.sql("SELECT id FROM listings WHERE id = :id FOR UPDATE NOWAIT")
                            .param("id", id)
                            .query(UUID.class)
                            .single());
            assertThat(locked).isEqualTo(id);
            assertThat(idleInTransaction("listings")).isZero();

            upload.finish.countDown();
            assertThat(photo.get(10, TimeUnit.SECONDS).url()).startsWith("/media/");
        } finally {
            upload.finish.countDown();
            uploader.shutdownNow();
        }
        assertThat(listings.own(owner.id(), id).photos()).hasSize(1);
    }

    @Test
    void noTransactionWaitsWhileANewProfilePhotoIsDecoded() throws Exception {
        Signed member = Members.verifiedMember(new Http(port), "Slow Avatar");
        HeldUpload upload = new HeldUpload(TestCatalog.png(300, 300));
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            var account = uploader.submit(() -> accounts.setAvatar(member.id(), upload));
            assertThat(upload.started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(idleInTransaction("members")).isZero();

            upload.finish.countDown();
            assertThat(account.get(10, TimeUnit.SECONDS).profile().avatarUrl()).startsWith("/media/");
        } finally {
            upload.finish.countDown();
            uploader.shutdownNow();
        }
    }

    /** Connections of this database sitting in a transaction whose last statement named the table. */
    long idleInTransaction(String table) {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                   AND query LIKE :table""").param("table", "%" + table + "%").query(Long.class).single();
    }

    /** An upload whose bytes are still arriving: it waits on its first read until told to go on. */
}
