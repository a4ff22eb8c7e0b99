package dev.souk.reviews;

import dev.souk.accounts.PersonalData;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The member's part of reviews in "download my data": the reviews they wrote (hidden or waiting ones
 * too) and the public ones they received, with the answers. A deleted member's reviews stay, as others'
 * ratings rest on them, under the name of a former member.
 */
@Component
class ReviewsPersonalData implements PersonalData {

    /** Far more than anyone's history; the export is a file, not a page. */
    private static final int MAX = 100_000;

    private final ReviewStore store;

    ReviewsPersonalData(ReviewStore store) {
        this.store = store;
    }

    @Override
    public String part() {
        return "reviews";
    }

    @Override
    public Object export(UUID memberId) {
        List<ReviewView> all = store.allOf(memberId, MAX);
        return new ReviewsData(
                all.stream().filter(r -> r.authorId().equals(memberId)).toList(),
                all.stream().filter(r -> r.subjectId().equals(memberId)).toList());
    }

    record ReviewsData(List<ReviewView> written, List<ReviewView> received) {}
}
