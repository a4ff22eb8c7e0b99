package dev.souk.accounts;

import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Text;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A member's public profile: name, bio, city and photo. The photo is decoded and stored outside any
 * database transaction; an image the change no longer uses is deleted once it is certain which.
 */
@Component
class Profiles {

    private final AccountStore store;
    private final Images images;
    private final TransactionOperations transactions;

    Profiles(AccountStore store, Images images, TransactionOperations transactions) {
        this.store = store;
        this.images = images;
        this.transactions = transactions;
    }

    MemberAccount updateProfile(UUID memberId, ProfileUpdate update) {
        Accounts.active(store.find(memberId));
        String name = update.displayName().strip();
        String bio = update.bio().strip();
        String city = update.city().strip();
        List<FieldProblem> problems = new ArrayList<>();
        Accounts.checkName("displayName", name, problems);
        if (bio.length() > Accounts.BIO_MAX) {
            problems.add(new FieldProblem("bio", "validation.length", 0, Accounts.BIO_MAX));
        }
        if (city.length() > Accounts.CITY_MAX) {
            problems.add(new FieldProblem("city", "validation.length", 0, Accounts.CITY_MAX));
        } else if (!Text.oneLine(city)) {
            problems.add(new FieldProblem("city", "validation.oneLine"));
        }
        if (!Text.acceptable(bio)) {
            problems.add(new FieldProblem("bio", "validation.characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        store.updateProfile(memberId, name, bio, city);
        return store.find(memberId).orElseThrow().account();
    }

    /**
     * Replaces the member's photo. The image is checked, re-encoded and stored before the transaction
     * that changes the row begins, so no connection waits for the decoding; the old image is deleted
     * only once the change is committed, the new one if it is not.
     */
    MemberAccount setAvatar(UUID memberId, InputStream content) {
        Accounts.active(store.find(memberId));
        StoredImage image = images.store(content, ImageKind.AVATAR);
        try {
            return java.util.Objects.requireNonNull(transactions.execute(status -> {
                Member member = Accounts.active(store.find(memberId));
                store.setAvatar(memberId, image.id(), image.url("large"), image.url("small"));
                deleteImageAfterCommit(member.avatarImageId());
                return store.find(memberId).orElseThrow().account();
            }));
        } catch (RuntimeException e) {
            images.delete(image.id());
            throw e;
        }
    }

    MemberAccount removeAvatar(UUID memberId) {
        Member member = Accounts.active(store.find(memberId));
        store.removeAvatar(memberId);
        deleteImageAfterCommit(member.avatarImageId());
        return store.find(memberId).orElseThrow().account();
    }

    private void deleteImageAfterCommit(@Nullable String imageId) {
        if (imageId == null) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                images.delete(imageId);
            }
        });
    }
}
